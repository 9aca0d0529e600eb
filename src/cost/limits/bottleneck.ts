/**
 * Limitation 1, the single-process bottleneck, as a figure: one DataParallel step drawn per host
 * thread of control — one Python process for every GPU, every scattered or gathered tensor crossing
 * GPU 0 — against DistributedDataParallel's one process per GPU, on a named hardware preset (modeled).
 */
import { DDP_PHASE_TITLES, DDP_PHASES, type DdpPhase, planDdpStep } from '../../dp/ddpPlan';
import { traceDdpStep } from '../../dp/ddpTrace';
import { formatBytes, formatMs } from '../../dp/format';
import { PHASE_TITLES, PHASES, type Phase } from '../../dp/phase';
import { planStep } from '../../dp/plan';
import { type Result, succeed } from '../../dp/result';
import { traceStep } from '../../dp/trace';
import type { ModelSpec } from '../../nn/spec';
import type { HardwarePreset } from '../presets';
import type { OptimizerKind } from '../work';
import { type PhaseSpan, phaseSpans } from './phaseSpans';

/** One host process and what it runs through the step. */
export type ProcessLane = { label: string; spans: PhaseSpan[] };

export type BottleneckInput = {
  gpus: number;
  batch: number;
  model: ModelSpec;
  optimizer: OptimizerKind;
  preset: HardwarePreset;
};

export type BottleneckFigure = {
  gpus: number;
  presetLabel: string;
  dp: { lanes: ProcessLane[]; stepMs: number; gpu0Bytes: number };
  ddp: { lanes: ProcessLane[]; stepMs: number; gpu0Bytes: number };
  sentence: string;
};

/** Bytes that leave or reach `device` in transfers and ring moves. */
function bytesThrough(
  events: readonly { kind: string; device: number; peer?: number; bytes: number }[],
  device: number,
): number {
  return events
    .filter(
      (event) =>
        (event.kind === 'transfer' || event.kind === 'all-reduce') &&
        (event.device === device || event.peer === device),
    )
    .reduce((total, event) => total + event.bytes, 0);
}

function comparison(dpMs: number, ddpMs: number): string {
  if (Math.abs(dpMs - ddpMs) <= 0.005 * Math.max(dpMs, ddpMs)) return 'the two steps take the same time';
  return dpMs > ddpMs
    ? `DataParallel's step is ${(dpMs / ddpMs).toFixed(1)}× as long as DDP's`
    : `DataParallel's step is shorter here (DDP's is ${(ddpMs / dpMs).toFixed(1)}× as long)`;
}

/** Models one step of both modes with the same global batch; the sentence is built from the numbers. */
export function bottleneckFigure(input: BottleneckInput): Result<BottleneckFigure> {
  const { gpus, batch, model, optimizer, preset } = input;
  const plan = planStep({ gpus, batch, model, optimizer });
  if (!plan.ok) return plan;
  const dpTrace = traceStep(plan.value, preset);
  const ddpPlan = planDdpStep(
    { gpusPerNode: gpus, batchPerRank: 1, globalBatch: batch, model, optimizer },
    preset.gpusPerNode,
  );
  if (!ddpPlan.ok) return ddpPlan;
  const ddpTrace = traceDdpStep(ddpPlan.value, preset);
  const dpLane: ProcessLane = {
    label: `One Python process → GPUs 0–${gpus - 1}`,
    spans: phaseSpans(dpTrace.events),
  };
  const ddpLanes: ProcessLane[] = Array.from({ length: gpus }, (_, rank) => ({
    label: `Process ${rank} → GPU ${rank}`,
    spans: phaseSpans(ddpTrace.events.filter((event) => event.device === rank)),
  }));
  const dp = { lanes: [dpLane], stepMs: dpTrace.modeledStepMs, gpu0Bytes: bytesThrough(dpTrace.events, 0) };
  const ddp = {
    lanes: ddpLanes,
    stepMs: ddpTrace.modeledStepMs,
    gpu0Bytes: bytesThrough(ddpTrace.events, 0),
  };
  const sentence =
    `Modeled on ${preset.label}: DataParallel drives ${gpus} GPU${gpus === 1 ? '' : 's'} from one process, ` +
    `${formatMs(dp.stepMs)} a step with ${formatBytes(dp.gpu0Bytes)} through GPU 0; DDP runs ${gpus} ` +
    `process${gpus === 1 ? '' : 'es'}, ${formatMs(ddp.stepMs)} a step with ${formatBytes(ddp.gpu0Bytes)} through GPU 0 — ` +
    `${comparison(dp.stepMs, ddp.stepMs)}.`;
  return succeed({ gpus, presetLabel: preset.label, dp, ddp, sentence });
}

/** A measured phase of this browser's step, titled for a table. */
export type MeasuredPhase = { phase: Phase | DdpPhase; title: string; ms: number };

/** This browser's measured phase times for a step of `mode`, in step order; absent phases left out. */
export function measuredPhases(
  measured: Partial<Record<Phase | DdpPhase, number>> | undefined,
  mode: 'dp' | 'ddp',
): MeasuredPhase[] {
  if (!measured) return [];
  const titles: Record<string, string> = mode === 'dp' ? PHASE_TITLES : DDP_PHASE_TITLES;
  const phases: readonly (Phase | DdpPhase)[] = mode === 'dp' ? PHASES : DDP_PHASES;
  return phases.flatMap((phase) => {
    const ms = measured[phase];
    return ms === undefined ? [] : [{ phase, title: titles[phase] ?? phase, ms }];
  });
}
