/**
 * The timing model of one DistributedDataParallel step. Each rank is its own process, so nothing is
 * serialized across GPUs on the host; backward runs layer by layer from the output, and each gradient
 * bucket's all-reduce starts as soon as its gradients are ready (one at a time, on the communication
 * stream), overlapping the rest of backward.
 */
import type { DdpConstructionPhase, DdpPhase, DdpPlan } from '../dp/ddpPlan';
import type { EventDraft, ModeledTime } from '../dp/event';
import { ringRoundCount } from '../dp/ring';
import { paramLayout } from '../nn/spec';
import { optimizerStepMs } from './dpTiming';
import { allReduceMs, collectiveLink, computeMs, pipelinedCollectiveMs } from './links';
import type { HardwarePreset } from './presets';
import {
  activationBytes,
  LOSS_KERNELS,
  layerBackwardFlops,
  layerBackwardKernels,
  lossFlops,
  optimizerWork,
} from './work';

/** Python calls DDP's forward wrapper adds per step (pre-forward hooks, bucket bookkeeping): estimate. */
const DDP_FORWARD_PYTHON_OPS = 4;

export type ModeledDdpStep = { times: Map<string, ModeledTime>; stepMs: number; constructionMs: number };

/**
 * When each layer's gradients are ready on a rank with `rows` rows (the fullest rank's by default),
 * counted from the start of its backward (index = layer).
 */
export function gradientReadyMs(plan: DdpPlan, preset: HardwarePreset, rows = plan.batchPerRank): number[] {
  return backwardOf(plan, preset, rows).ready;
}

/** A rank's backward: when each layer's gradients are ready, and the GPU's own share of that time. */
function backwardOf(
  plan: DdpPlan,
  preset: HardwarePreset,
  rows: number,
): { ready: number[]; deviceMs: number } {
  const layout = paramLayout(plan.model);
  const { host } = preset;
  let deviceMs = computeMs(lossFlops(rows, plan.classes), 0, LOSS_KERNELS, preset);
  let t = host.pythonOpMs + deviceMs;
  const ready = new Array<number>(layout.slots.length).fill(0);
  for (let l = layout.slots.length - 1; l >= 0; l--) {
    const kernels = layerBackwardKernels(l);
    const kernelsMs = computeMs(layerBackwardFlops(layout, l, rows), 0, kernels, preset);
    t += Math.max(kernels * host.kernelLaunchMs, kernelsMs);
    deviceMs += kernelsMs;
    ready[l] = t;
  }
  return { ready, deviceMs };
}

/** A rank's forward and loss: its length (Python's calls or the kernels, whichever is longer) and the GPU's share. */
function forwardOf(
  plan: DdpPlan,
  draft: EventDraft<DdpPhase | DdpConstructionPhase>,
  preset: HardwarePreset,
): { ms: number; deviceMs: number } {
  const { host } = preset;
  const rows = draft.rows ? draft.rows[1] - draft.rows[0] : 0;
  const bytes = activationBytes(paramLayout(plan.model), rows);
  const deviceMs = computeMs(draft.flops ?? 0, bytes, draft.kernels, preset);
  return {
    ms: Math.max((draft.kernels + DDP_FORWARD_PYTHON_OPS) * host.pythonOpMs, host.kernelLaunchMs + deviceMs),
    deviceMs,
  };
}

/** Models every event of a DDP step on `preset`, and the one-time broadcast at construction. */
export function modelDdpStep(
  plan: DdpPlan,
  drafts: readonly EventDraft<DdpPhase | DdpConstructionPhase>[],
  preset: HardwarePreset,
): ModeledDdpStep {
  const { host } = preset;
  const times = new Map<string, ModeledTime>();

  const constructionMs =
    host.pythonOpMs +
    pipelinedCollectiveMs(plan.parameterBytes, plan.ranks, collectiveLink(preset, plan.nodes));
  // Each rank runs its own forward and backward on its own rows; the all-reduce waits for the slowest.
  const forwards = new Map(
    drafts
      .filter((draft) => draft.phase === 'forward')
      .map((draft) => [draft.device, forwardOf(plan, draft, preset)]),
  );
  const forwardMs = Math.max(0, ...[...forwards.values()].map((forward) => forward.ms));

  const ready = gradientReadyMs(plan, preset);
  const backwardMs = ready[0] ?? 0;
  const bucketTimes: ModeledTime[] = [];
  let commFree = 0;
  for (const bucket of plan.buckets) {
    const bucketReady = Math.max(...bucket.layers.map((l) => ready[l] ?? 0));
    const startMs = Math.max(bucketReady, commFree);
    const ms = host.kernelLaunchMs + allReduceMs(bucket.bytes, plan.ranks, plan.nodes, preset);
    bucketTimes.push({ startMs, ms });
    commFree = startMs + ms;
  }
  const backwardPhaseMs = Math.max(backwardMs, commFree);
  const stepMs = optimizerStepMs(plan.optimizer, plan.parameterCount, preset);
  const work = optimizerWork(plan.optimizer, plan.parameterCount);
  const stepDeviceMs = computeMs(work.flops, work.bytes, work.kernels, preset);
  const rounds = ringRoundCount(plan.ranks);

  for (const draft of drafts) {
    switch (draft.phase) {
      case 'construction-broadcast':
        times.set(draft.id, { startMs: 0, ms: constructionMs });
        break;
      case 'forward': {
        const forward = forwards.get(draft.device);
        if (!forward) break;
        // The kernels are launched as Python goes; the last of them ends with the event.
        const device = { startMs: forward.ms - forward.deviceMs, ms: forward.deviceMs };
        times.set(draft.id, { startMs: 0, ms: forward.ms, device });
        break;
      }
      case 'backward-all-reduce': {
        if (draft.kind === 'compute') {
          const rows = draft.rows ? draft.rows[1] - draft.rows[0] : 0;
          const own = backwardOf(plan, preset, rows);
          const startMs = forwards.get(draft.device)?.ms ?? forwardMs;
          const ms = own.ready[0] ?? 0;
          const device = { startMs: startMs + host.pythonOpMs, ms: own.deviceMs };
          times.set(draft.id, { startMs, ms, device });
          break;
        }
        const bucket = draft.bucket === undefined ? undefined : bucketTimes[draft.bucket];
        if (!bucket) break;
        // A ring round takes an equal share of its bucket's all-reduce (every round moves one segment);
        // the launch is the host's, the rest is the GPUs and the link at work.
        const share = draft.round === undefined ? 1 : 1 / rounds;
        const at = forwardMs + bucket.startMs + (draft.round ?? 0) * bucket.ms * share;
        const ms = bucket.ms * share;
        const launch = host.kernelLaunchMs * share;
        times.set(draft.id, { startMs: at, ms, device: { startMs: at + launch, ms: ms - launch } });
        break;
      }
      case 'optimizer-step': {
        const startMs = forwardMs + backwardPhaseMs;
        const device = { startMs: startMs + host.kernelLaunchMs, ms: stepDeviceMs };
        times.set(draft.id, { startMs, ms: stepMs, device });
        break;
      }
    }
  }
  return { times, stepMs: forwardMs + backwardPhaseMs + stepMs, constructionMs };
}
