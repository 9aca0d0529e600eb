/**
 * The timeline's layout on the timing model's clock: one lane for the Python process and one per GPU.
 * Each event is drawn where the timing model placed it (`modeledStartMs`, `modeledMs`); a copy is drawn
 * on both GPUs it joins, solid where it lands and outlined where it leaves. The Python lane shows which
 * phase the one process is driving and a tick where it starts each piece of work on a GPU, so launches
 * made one after another line up visibly.
 */
import { type ModeledSpan, modeledPhaseSpans } from '../../src/dp/modeledSpans';
import type { Phase } from '../../src/dp/phase';
import type { StepTrace } from '../../src/dp/trace';

export type PhaseSpan = ModeledSpan;

export type TimelineBar = {
  id: string;
  phase: Phase;
  startMs: number;
  ms: number;
  /** `runs`: work or a copy landing on this GPU; `sends`: a copy leaving it. */
  role: 'runs' | 'sends';
  /** Words for a tooltip and the text alternative. */
  label: string;
};

export type GpuLane = { device: number; idle: boolean; bars: TimelineBar[] };

export type Timeline = {
  spans: PhaseSpan[];
  /** Modeled start of each piece of work the Python process sets off. */
  launches: { phase: Phase; ms: number }[];
  gpus: GpuLane[];
  totalMs: number;
};

function describeTensors(tensors: readonly string[], fallback: string): string {
  return tensors.length > 0 ? tensors.slice(0, 3).join(', ') + (tensors.length > 3 ? ', …' : '') : fallback;
}

/** The lanes and phase spans of a trace. */
export function timelineOf(trace: StepTrace): Timeline {
  const gpus: GpuLane[] = Array.from({ length: trace.devices }, (_, device) => ({
    device,
    idle: !trace.plan.busyGpus.includes(device),
    bars: [],
  }));
  const launches: Timeline['launches'] = [];
  for (const event of trace.events) {
    if (event.kind === 'skipped') continue;
    launches.push({ phase: event.phase, ms: event.modeledStartMs });
    const base = { id: event.id, phase: event.phase, startMs: event.modeledStartMs, ms: event.modeledMs };
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
  const spans = modeledPhaseSpans(trace);
  const totalMs = Math.max(trace.modeledStepMs, spans[spans.length - 1]?.endMs ?? 0);
  return { spans, launches, gpus, totalMs };
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
