/**
 * Gradient arithmetic of the two schemes, on one parameter, for the exercises and the reduce-add view:
 * DataParallel SUMS the replicas' gradients onto GPU 0 (nothing divides by N), DDP AVERAGES them
 * across ranks. Both give the full-batch gradient — DataParallel because each replica's gradient
 * already carries the 1/B of a mean loss over the gathered batch, DDP because each rank's loss is a
 * mean over its own equal share.
 */
import { chunkSizes } from './chunk';
import type { LossPlacement } from './config';
import { sampleWeights } from './lossWeights';

/**
 * What each DataParallel replica computes for one parameter, given every sample's own gradient of
 * that parameter (`perSample[s]` = ∂ℓₛ/∂w) and where the loss is computed.
 */
export function replicaGradients(
  perSample: readonly number[],
  gpus: number,
  placement: LossPlacement,
): number[] {
  const weights = sampleWeights(perSample.length, gpus, placement);
  const gradients: number[] = [];
  let start = 0;
  for (const size of chunkSizes(perSample.length, gpus)) {
    let sum = 0;
    for (let s = start; s < start + size; s++) sum += (weights[s] ?? 0) * (perSample[s] ?? 0);
    gradients.push(sum);
    start += size;
  }
  return gradients;
}

/** DataParallel's reduce-add: the replicas' gradients summed onto GPU 0. */
export function reduceAdd(replicaGradients: readonly number[]): number {
  return replicaGradients.reduce((total, gradient) => total + gradient, 0);
}

/** DDP's all-reduce with the default hook: the ranks' gradients summed, then divided by the rank count. */
export function allReduceMean(rankGradients: readonly number[]): number {
  return rankGradients.length === 0 ? 0 : reduceAdd(rankGradients) / rankGradients.length;
}

/** The gradient one GPU computes from a mean loss over the whole batch. */
export function fullBatchGradient(perSample: readonly number[]): number {
  return perSample.length === 0 ? 0 : reduceAdd(perSample) / perSample.length;
}
