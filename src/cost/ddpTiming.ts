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
import { activationBytes, LOSS_KERNELS, layerBackwardFlops, layerBackwardKernels, lossFlops } from './work';

/** Python calls DDP's forward wrapper adds per step (pre-forward hooks, bucket bookkeeping): estimate. */
const DDP_FORWARD_PYTHON_OPS = 4;

export type ModeledDdpStep = { times: Map<string, ModeledTime>; stepMs: number; constructionMs: number };

/** When each layer's gradients are ready, counted from the start of backward (index = layer). */
export function gradientReadyMs(plan: DdpPlan, preset: HardwarePreset): number[] {
  const layout = paramLayout(plan.model);
  const { host } = preset;
  let t = host.pythonOpMs + computeMs(lossFlops(plan.batchPerRank, plan.classes), 0, LOSS_KERNELS, preset);
  const ready = new Array<number>(layout.slots.length).fill(0);
  for (let l = layout.slots.length - 1; l >= 0; l--) {
    const kernels = layerBackwardKernels(l);
    const flops = layerBackwardFlops(layout, l, plan.batchPerRank);
    t += Math.max(kernels * host.kernelLaunchMs, computeMs(flops, 0, kernels, preset));
    ready[l] = t;
  }
  return ready;
}

/** Models every event of a DDP step on `preset`, and the one-time broadcast at construction. */
export function modelDdpStep(
  plan: DdpPlan,
  drafts: readonly EventDraft<DdpPhase | DdpConstructionPhase>[],
  preset: HardwarePreset,
): ModeledDdpStep {
  const { host } = preset;
  const layout = paramLayout(plan.model);
  const times = new Map<string, ModeledTime>();

  const constructionMs =
    host.pythonOpMs +
    pipelinedCollectiveMs(plan.parameterBytes, plan.ranks, collectiveLink(preset, plan.nodes));
  const forwardDraft = drafts.find((draft) => draft.phase === 'forward');
  const forwardMs = forwardDraft
    ? Math.max(
        (forwardDraft.kernels + DDP_FORWARD_PYTHON_OPS) * host.pythonOpMs,
        host.kernelLaunchMs +
          computeMs(
            forwardDraft.flops ?? 0,
            activationBytes(layout, plan.batchPerRank),
            forwardDraft.kernels,
            preset,
          ),
      )
    : 0;

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

  for (const draft of drafts) {
    switch (draft.phase) {
      case 'construction-broadcast':
        times.set(draft.id, { startMs: 0, ms: constructionMs });
        break;
      case 'forward':
        times.set(draft.id, { startMs: 0, ms: forwardMs });
        break;
      case 'backward-all-reduce': {
        const bucket = draft.bucket === undefined ? undefined : bucketTimes[draft.bucket];
        // A ring round takes an equal share of its bucket's all-reduce (every round moves one segment).
        const rounds = ringRoundCount(plan.ranks);
        const round =
          bucket && draft.round !== undefined
            ? { startMs: bucket.startMs + (bucket.ms * draft.round) / rounds, ms: bucket.ms / rounds }
            : bucket;
        times.set(
          draft.id,
          round
            ? { startMs: forwardMs + round.startMs, ms: round.ms }
            : { startMs: forwardMs, ms: backwardMs },
        );
        break;
      }
      case 'optimizer-step':
        times.set(draft.id, { startMs: forwardMs + backwardPhaseMs, ms: stepMs });
        break;
    }
  }
  return { times, stepMs: forwardMs + backwardPhaseMs + stepMs, constructionMs };
}
