/**
 * The timeline of a DistributedDataParallel step on the timing model's clock: one lane per rank and no
 * lane for a single Python process (every rank is its own process). A rank's forward and backward land
 * on its own GPU; each ring round is drawn on both ranks it joins — solid where a segment lands (and is
 * added or copied), outlined where it leaves; every rank's optimizer step closes the step.
 */
import { ringRoundLabel } from '../../src/dp/ddpNarrate';
import { DDP_PHASE_TITLES, type DdpPhase } from '../../src/dp/ddpPlan';
import type { DdpTrace } from '../../src/dp/ddpTrace';
import type { TraceEvent } from '../../src/dp/event';
import { formatBytes } from '../../src/dp/format';
import { modeledPhaseSpans } from '../../src/dp/modeledSpans';
import type { GpuLane, LegendEntry, Timeline, TimelineBar } from './TimelineLanes';
import { DDP_COLOURS } from './TimelinePalette';

const PHASE_COLOUR: Record<DdpPhase, string> = {
  forward: DDP_COLOURS.forward,
  'backward-all-reduce': DDP_COLOURS.backward,
  'optimizer-step': DDP_COLOURS['optimizer-step'],
};

export const DDP_LEGEND: readonly LegendEntry[] = [
  { title: DDP_PHASE_TITLES.forward, colour: DDP_COLOURS.forward },
  { title: 'Backward', colour: DDP_COLOURS.backward },
  { title: 'All-reduce (ring rounds)', colour: DDP_COLOURS['all-reduce'] },
  { title: DDP_PHASE_TITLES['optimizer-step'], colour: DDP_COLOURS['optimizer-step'] },
];

function ringLabel(event: TraceEvent<DdpPhase>, ranks: number): { runs: string; sends: string } {
  const what = `segment ${event.segment} of bucket ${event.bucket} (${formatBytes(event.bytes)})`;
  const round = ringRoundLabel(event.round ?? 0, ranks);
  const adds = (event.round ?? 0) < ranks - 1;
  return {
    runs: `receives ${what} from GPU ${event.peer} and ${adds ? 'adds it to' : 'copies it over'} its own, ${round}`,
    sends: `sends ${what} to GPU ${event.device}, ${round}`,
  };
}

function barsOf(event: TraceEvent<DdpPhase>, ranks: number): { device: number; bar: TimelineBar }[] {
  const base = { id: event.id, phase: event.phase, startMs: event.modeledStartMs, ms: event.modeledMs };
  if (event.kind === 'all-reduce') {
    const ring = { ...base, title: 'All-reduce', colour: DDP_COLOURS['all-reduce'] };
    if (event.peer === undefined || event.peer === event.device) {
      const label = 'all-reduces alone: one rank has nobody to exchange with';
      return [{ device: event.device, bar: { ...ring, role: 'runs', label } }];
    }
    const label = ringLabel(event, ranks);
    return [
      { device: event.peer, bar: { ...ring, id: `${event.id}:send`, role: 'sends', label: label.sends } },
      { device: event.device, bar: { ...ring, role: 'runs', label: label.runs } },
    ];
  }
  const title = event.phase === 'backward-all-reduce' ? 'Backward' : DDP_PHASE_TITLES[event.phase];
  const what =
    event.phase === 'optimizer-step' ? 'steps its own optimizer' : `computes ${event.tensors.join(', ')}`;
  return [
    {
      device: event.device,
      bar: { ...base, title, colour: PHASE_COLOUR[event.phase], role: 'runs', label: what },
    },
  ];
}

/** The lanes and phase spans of a DDP trace. */
export function ddpTimelineOf(trace: DdpTrace): Timeline {
  const gpus: GpuLane[] = Array.from({ length: trace.devices }, (_, device) => ({
    device,
    ...(trace.plan.idleRanks.includes(device) ? { note: 'no rows' } : {}),
    bars: [],
  }));
  for (const event of trace.events) {
    for (const { device, bar } of barsOf(event, trace.devices)) gpus[device]?.bars.push(bar);
  }
  const spans = modeledPhaseSpans(trace).map((span) => ({
    ...span,
    title: DDP_PHASE_TITLES[span.phase],
    colour: PHASE_COLOUR[span.phase],
  }));
  const totalMs = Math.max(trace.modeledStepMs, spans[spans.length - 1]?.endMs ?? 0);
  return { spans, launches: null, gpus, legend: [...DDP_LEGEND], totalMs };
}
