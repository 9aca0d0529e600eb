/**
 * Narration: one plain-English sentence per phase for the live region, and one per event for tooltips
 * and the timeline, always with the real numbers of the step being shown.
 */
import type { OptimizerKind } from './config';
import type { TraceEvent } from './event';
import { formatBytes, formatCount, formatGpus, formatRows, formatSizes, plural } from './format';
import { insideForwardMatchesFullBatch, worstWeightRatio } from './lossWeights';
import { PHASE_TITLES, type Phase } from './phase';
import type { StepPlan } from './plan';
import type { StepTrace } from './trace';

const OPTIMIZER_NAMES: Record<OptimizerKind, string> = {
  sgd: 'SGD',
  momentum: 'SGD with momentum',
  adam: 'Adam',
};

/** The optimizer's state, which exists on GPU 0 only (empty for plain SGD). */
const OPTIMIZER_STATE: Record<OptimizerKind, string> = {
  sgd: '',
  momentum: 'its momentum buffers',
  adam: 'its two moment buffers (exp_avg and exp_avg_sq)',
};

function idleClause(plan: StepPlan): string {
  const idle = plan.idleGpus;
  if (idle.length === 0) return '';
  return `; ${formatGpus(idle)} ${idle.length === 1 ? 'is' : 'are'} idle this step`;
}

function scatter(plan: StepPlan): string {
  const { batch, gpus, chunkSizes, busyGpus } = plan;
  if (plan.shortcut) {
    return `Scatter: with one GPU, all ${plural(batch, 'sample')} stay on GPU 0 as one chunk, and DataParallel will simply call the model.`;
  }
  if (plan.replicas === 1) {
    return `Scatter: the batch of ${plural(batch, 'sample')} is a single chunk, which stays on GPU 0${idleClause(plan)}.`;
  }
  const size = Math.ceil(batch / gpus);
  const uneven =
    chunkSizes[chunkSizes.length - 1] !== size
      ? ` (chunks of ⌈${batch}/${gpus}⌉ = ${size}, the last keeps the remainder)`
      : '';
  return `Scatter: ${plural(batch, 'sample')} split into ${formatSizes(chunkSizes)} across ${formatGpus(busyGpus)}${uneven}${idleClause(plan)}.`;
}

function replicate(plan: StepPlan): string {
  if (plan.shortcut)
    return 'Replicate: skipped — with one GPU there is nothing to copy, and the model on GPU 0 runs as it is.';
  if (plan.replicas === 1) {
    return `Replicate: there is only one chunk, so replica 0 on GPU 0 is the only replica; it uses the original parameters' storage, so nothing is copied${idleClause(plan)}.`;
  }
  const receivers = formatGpus(plan.busyGpus.slice(1));
  const idleGpus = plan.idleGpus;
  const idle =
    idleGpus.length > 0
      ? `, while idle ${formatGpus(idleGpus)} ${idleGpus.length === 1 ? 'gets' : 'get'} nothing`
      : '';
  return `Replicate: GPU 0 broadcasts its current weights (${formatCount(plan.parameterCount)} values, ${formatBytes(plan.parameterBytes)}) — the result of the last optimizer step, or the initial weights on the first — to ${receivers}: the tutorial's "broadcast", redone on every forward${idle}.`;
}

function forward(plan: StepPlan): string {
  const inside = plan.lossPlacement === 'inside-forward';
  if (plan.shortcut) {
    return `Forward: GPU 0 runs the model on all ${plural(plan.batch, 'sample')}${inside ? ' and computes their mean loss' : ''}, with no threads and no copies.`;
  }
  if (plan.replicas === 1)
    return `Forward: GPU 0 runs its replica on the only chunk (${plural(plan.batch, 'sample')})${idleClause(plan)}.`;
  const loss = inside ? ' and compute the mean loss of their chunk' : '';
  return `Forward: ${formatGpus(plan.busyGpus)} each run the whole model on their own rows (${formatSizes(plan.chunkSizes)})${loss}, one Python thread per replica, the threads taking turns under the GIL to launch their kernels.`;
}

function gather(plan: StepPlan): string {
  const k = plan.replicas;
  if (plan.shortcut)
    return "Gather: skipped — with one GPU the model's output already is the whole batch, on GPU 0.";
  if (plan.lossPlacement === 'inside-forward') {
    return `Gather: GPU 0 collects the ${k} per-replica ${k === 1 ? 'loss' : 'losses'} into a vector of length ${k}, and PyTorch warns that it had to unsqueeze scalars.`;
  }
  if (k === 1)
    return `Gather: GPU 0 copies its own ${plural(plan.batch, 'row')} of output into the result; nothing crosses a link.`;
  return `Gather: GPU 0 concatenates the outputs of ${formatGpus(plan.busyGpus)} (${formatSizes(plan.chunkSizes)} rows) in chunk order into ${plural(plan.batch, 'row')} — the very rows one GPU would have produced.`;
}

function loss(plan: StepPlan): string {
  if (plan.lossPlacement === 'gathered') {
    const rows = plan.shortcut ? 'output row' : 'gathered row';
    const over = plan.batch === 1 ? `the single ${rows}` : `all ${plural(plan.batch, rows)}`;
    return `Loss: GPU 0 computes one mean cross-entropy over ${over}, against the targets it holds.`;
  }
  const k = plan.replicas;
  if (insideForwardMatchesFullBatch(plan.batch, plan.gpus)) {
    return `Loss: GPU 0 averages the ${k} per-chunk ${k === 1 ? 'loss' : 'losses'}; every chunk has ${plural(plan.chunkSizes[0] ?? 0, 'row')}, so this equals the full-batch mean.`;
  }
  const smallest = Math.min(...plan.chunkSizes);
  const ratio = worstWeightRatio(plan.batch, plan.gpus);
  return `Loss: GPU 0 averages the ${k} per-chunk losses, but the chunks hold ${formatSizes(plan.chunkSizes)} rows, so each sample of the ${smallest}-row chunk weighs ${ratio.toFixed(2)}× what it should.`;
}

function backward(plan: StepPlan): string {
  if (plan.shortcut)
    return `Backward: GPU 0 backpropagates through all ${plural(plan.batch, 'sample')}, and the gradients land straight in every parameter's .grad.`;
  if (plan.replicas === 1)
    return 'Backward: GPU 0 keeps the whole output gradient and backpropagates through its replica.';
  const busy = formatGpus(plan.busyGpus);
  if (plan.lossPlacement === 'inside-forward') {
    return `Backward: GPU 0 sends each replica the gradient of its own loss (1/${plan.replicas}), then ${busy} backpropagate in parallel.`;
  }
  return `Backward: GPU 0 splits the output gradient into the same ${formatSizes(plan.chunkSizes)}-row slices and sends each back to its GPU, then ${busy} backpropagate in parallel, each through its own replica.`;
}

function reduceAdd(plan: StepPlan): string {
  const k = plan.replicas;
  if (plan.shortcut)
    return 'Reduce-add: skipped — with one GPU there are no replica gradients to add; backward already wrote .grad.';
  if (k === 1)
    return "Reduce-add: only replica 0 ran, so its gradients become the originals' .grad with nothing to add.";
  const why =
    plan.lossPlacement === 'gathered'
      ? ', and with a mean loss over the gathered batch that sum is exactly the single-GPU gradient'
      : `; the only 1/${k} came from averaging the losses`;
  return `Reduce-add: the gradients of all ${k} replicas are summed onto GPU 0 into the originals' .grad — summed, never divided by ${k}${why}.`;
}

function optimizerStep(plan: StepPlan): string {
  const name = OPTIMIZER_NAMES[plan.optimizer];
  const state = OPTIMIZER_STATE[plan.optimizer];
  const using = state ? `, using ${state}` : '';
  if (plan.gpus === 1) return `Optimizer step: ${name} updates the weights on GPU 0${using}.`;
  const kept = state ? ` (${state} live there alone)` : '';
  return `Optimizer step: ${name} updates the weights on GPU 0 only${kept} and sends nothing: the other GPUs receive the new weights at the next step's replicate.`;
}

const PHASE_NARRATORS: Record<Phase, (plan: StepPlan) => string> = {
  scatter,
  replicate,
  forward,
  gather,
  loss,
  backward,
  'reduce-add': reduceAdd,
  'optimizer-step': optimizerStep,
};

/** One sentence for the live region describing `phase` of this step, with its real numbers. */
export function narratePhase(trace: StepTrace, phase: Phase): string {
  return PHASE_NARRATORS[phase](trace.plan);
}

function rowsText(event: TraceEvent<Phase>): string {
  if (!event.rows) return '';
  const [start, end] = event.rows;
  return ` ${formatRows(event.rows)} (${plural(end - start, 'sample')})`;
}

/** One sentence about a single event of a DataParallel trace. */
export function narrate(event: TraceEvent<Phase>): string {
  const { device, peer, kind } = event;
  const rows = rowsText(event);
  const tensor = event.tensors[0] ?? '';
  if (kind === 'skipped')
    return `${PHASE_TITLES[event.phase]} is skipped: with one GPU, DataParallel calls the model directly.`;
  switch (event.phase) {
    case 'scatter':
      return kind === 'in-place'
        ? `GPU 0 keeps${rows} where they already are.`
        : `GPU ${device} receives${rows} from GPU ${peer}.`;
    case 'replicate':
      return kind === 'in-place'
        ? "GPU 0's replica is a new module object that uses the original parameters' storage: nothing is copied."
        : `GPU ${device} receives a fresh copy of every parameter (${formatBytes(event.bytes)}) from GPU ${peer}.`;
    case 'forward':
      return `GPU ${device} runs the forward pass on${rows}.`;
    case 'gather':
      return kind === 'in-place'
        ? `GPU 0's own ${tensor} goes straight into the gathered result.`
        : `GPU 0 receives ${tensor} from GPU ${peer} and appends it in chunk order.`;
    case 'loss':
      return `GPU 0 computes the loss over${rows}.`;
    case 'backward':
      if (kind === 'compute') return `GPU ${device} backpropagates${rows} through its replica.`;
      return kind === 'in-place'
        ? `GPU 0 keeps the gradient for its own${rows}.`
        : `GPU ${device} receives ${tensor} for${rows} from GPU ${peer}.`;
    case 'reduce-add':
      return kind === 'in-place'
        ? "GPU 0's own gradients are the first term of the sum."
        : `GPU ${peer} sends its gradients (${formatBytes(event.bytes)}) to GPU 0, where they are added to the sum.`;
    case 'optimizer-step':
      return `GPU 0 updates ${event.tensors.join(', ')} in place; no other GPU takes part.`;
  }
}
