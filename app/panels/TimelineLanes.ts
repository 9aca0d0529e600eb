/**
 * The timeline's layout on the timing model's clock: one lane for the Python process and one per GPU.
 * Each event is drawn where the timing model placed it (`modeledStartMs`, `modeledMs`); a copy is drawn
 * on both GPUs it joins, solid where it lands and outlined where it leaves. The Python lane shows which
 * phase the one process is driving and a tick where it starts each piece of work on a GPU, so launches
 * made one after another line up visibly.
 */
import { modeledPhaseSpans } from '../../src/dp/modeledSpans';
import { PHASE_TITLES } from '../../src/dp/phase';
import type { StepTrace } from '../../src/dp/trace';
import { PHASE_COLOURS } from './TimelinePalette';

/** A phase on the timing model's clock, with the words and colour the chart and table use. */
export type PhaseSpan = { phase: string; title: string; colour: string; startMs: number; endMs: number };

export type TimelineBar = {
  id: string;
  /** The trace phase the bar belongs to (what "the current phase" highlights). */
  phase: string;
  /** What the bar is, in words (a phase, or a kind of work inside one: "All-reduce"). */
  title: string;
  colour: string;
  startMs: number;
  ms: number;
  /** `runs`: work or a copy landing on this GPU; `sends`: a copy leaving it. */
  role: 'runs' | 'sends';
  /** Words for a tooltip and the text alternative. */
  label: string;
};

/** `note`: "idle" (DataParallel, no chunk), "no rows" (a DDP rank without rows still joins the ring). */
export type GpuLane = { device: number; note?: string; bars: TimelineBar[] };

/** A colour key of the chart. */
export type LegendEntry = { title: string; colour: string };

export type Timeline = {
  spans: PhaseSpan[];
  /**
   * Modeled start of each piece of work the one Python process sets off (DataParallel); `null` when
   * every GPU has its own process (DDP), which the chart draws without a Python lane.
   */
  launches: { phase: string; ms: number }[] | null;
  gpus: GpuLane[];
  legend: LegendEntry[];
  totalMs: number;
};

function describeTensors(tensors: readonly string[], fallback: string): string {
  return tensors.length > 0 ? tensors.slice(0, 3).join(', ') + (tensors.length > 3 ? ', …' : '') : fallback;
}

/** The lanes and phase spans of a trace. */
export function timelineOf(trace: StepTrace): Timeline {
  const gpus: GpuLane[] = Array.from({ length: trace.devices }, (_, device) => ({
    device,
    ...(trace.plan.busyGpus.includes(device) ? {} : { note: 'idle' }),
    bars: [],
  }));
  const launches: { phase: string; ms: number }[] = [];
  for (const event of trace.events) {
    if (event.kind === 'skipped') continue;
    launches.push({ phase: event.phase, ms: event.modeledStartMs });
    const base = {
      id: event.id,
      phase: event.phase,
      title: PHASE_TITLES[event.phase],
      colour: PHASE_COLOURS[event.phase],
      startMs: event.modeledStartMs,
      ms: event.modeledMs,
    };
    const what = describeTensors(event.tensors, event.phase);
    if (event.peer !== undefined && event.peer !== event.device) {
      gpus[event.peer]?.bars.push({
        ...base,
        id: `${event.id}:send`,
        role: 'sends',
        label: `sends ${what} to GPU ${event.device}`,
      });
      gpus[event.device]?.bars.push({
        ...base,
        role: 'runs',
        label: `receives ${what} from GPU ${event.peer}`,
      });
    } else {
      const verb = event.kind === 'compute' ? 'computes' : 'keeps in place';
      gpus[event.device]?.bars.push({ ...base, role: 'runs', label: `${verb} ${what}` });
    }
  }
  launches.sort((a, b) => a.ms - b.ms);
  const spans = modeledPhaseSpans(trace).map((span) => ({
    ...span,
    title: PHASE_TITLES[span.phase],
    colour: PHASE_COLOURS[span.phase],
  }));
  const legend = trace.phases.map((phase) => ({ title: PHASE_TITLES[phase], colour: PHASE_COLOURS[phase] }));
  const totalMs = Math.max(trace.modeledStepMs, spans[spans.length - 1]?.endMs ?? 0);
  return { spans, launches, gpus, legend, totalMs };
}

/**
 * The modeled time that corresponds to a playback position: playback gives each phase an equal slot,
 * the model does not, so the playhead moves through each phase's modeled span at the slot's pace.
 */
export function modeledTimeAt(spans: readonly PhaseSpan[], phaseIndex: number, progress: number): number {
  const span = spans[phaseIndex];
  if (!span) return 0;
  const share = Math.min(1, Math.max(0, progress));
  return span.startMs + share * (span.endMs - span.startMs);
}
