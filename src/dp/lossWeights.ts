/**
 * The loss-inside-forward pitfall as numbers: how much each sample of the batch weighs in the gradient
 * GPU 0 ends up with.
 *
 * With the loss computed on the gathered output (`gathered`), the mean over B rows gives every sample
 * weight 1/B — exactly the single-GPU gradient, for any split. With a mean loss inside each replica's
 * forward and the k per-replica losses averaged (`inside-forward`), a sample in chunk i weighs
 * 1/(k·nᵢ): right only when every chunk has the same size. With 10 rows on 3 GPUs (4, 4, 2) the two
 * samples of the small chunk weigh 1/6 instead of 1/10.
 */
import { chunkSizes } from './chunk';
import type { LossPlacement } from './config';

/** Each sample's weight in the gradient, in batch order; they always add up to 1. */
export function sampleWeights(batch: number, gpus: number, placement: LossPlacement): number[] {
  if (!Number.isInteger(batch) || !Number.isInteger(gpus) || batch < 1 || gpus < 1) return [];
  if (placement === 'gathered') return new Array<number>(batch).fill(1 / batch);
  const sizes = chunkSizes(batch, gpus);
  return sizes.flatMap((size) => new Array<number>(size).fill(1 / (sizes.length * size)));
}

/**
 * Whether averaging per-replica mean losses gives the full-batch gradient for this split: only when
 * every chunk has the same number of rows.
 */
export function insideForwardMatchesFullBatch(batch: number, gpus: number): boolean {
  if (!Number.isInteger(batch) || !Number.isInteger(gpus) || batch < 1 || gpus < 1) return false;
  const sizes = chunkSizes(batch, gpus);
  return sizes.every((size) => size === sizes[0]);
}

/**
 * How far a sample's weight is from the correct 1/B at worst, as a ratio (1 = correct; 5/3 for 4, 4, 2
 * because its small chunk's samples weigh 1/6 instead of 1/10).
 */
export function worstWeightRatio(batch: number, gpus: number): number {
  const weights = sampleWeights(batch, gpus, 'inside-forward');
  return weights.length === 0 ? 1 : Math.max(...weights.map((weight) => weight * batch));
}
