/**
 * Where each parameter's gradient sits in DDP's flat bucket buffers, for the engines' all-reduce: the
 * buckets of `assignBuckets` (parameters in reverse registration order — last layer first, bias before
 * weight — the first bucket capped at 1 MiB, the rest at 25 MiB), each a list of ranges of the flat
 * parameter layout (`src/nn/spec.ts`) laid end to end.
 *
 * PyTorch 1.13 all-reduces the first iteration in one bucket and rebuilds the buckets by readiness order
 * after it; every model this page trains is far below 1 MiB, so there is one bucket either way.
 */
import { type ModelSpec, paramLayout } from '../nn/spec';
import { assignBuckets, DEFAULT_BUCKET_CAP_BYTES } from './ddpPlan';

/** A run of consecutive parameters of the flat layout, copied as one piece into a bucket. */
export type BucketRange = { name: string; paramOffset: number; length: number };

export type BucketLayout = {
  index: number;
  /** In bucket order; bucket element k of range j is parameter `paramOffset + k`. */
  ranges: BucketRange[];
  /** Elements in the bucket. */
  length: number;
};

/** The flat bucket layout of a model's gradients (reduction order: bucket 0 first). */
export function bucketLayouts(model: ModelSpec, capBytes: number = DEFAULT_BUCKET_CAP_BYTES): BucketLayout[] {
  const layout = paramLayout(model);
  const tensorRange = (name: string): BucketRange => {
    const [, layerText, kind] = /^layers\.(\d+)\.(weight|bias)$/.exec(name) ?? [];
    const slot = layout.slots[Number(layerText)];
    if (slot === undefined || kind === undefined) throw new Error(`unknown tensor ${name}`);
    return kind === 'weight'
      ? { name, paramOffset: slot.weight, length: slot.in * slot.out }
      : { name, paramOffset: slot.bias, length: slot.out };
  };
  return assignBuckets(model, capBytes).map((bucket) => {
    const ranges = bucket.tensors.map(tensorRange);
    return { index: bucket.index, ranges, length: ranges.reduce((sum, r) => sum + r.length, 0) };
  });
}

/** Which bucket holds parameter `param`, and at which element of it. */
export function bucketPosition(
  layouts: readonly BucketLayout[],
  param: number,
): { bucket: number; offset: number; length: number } {
  for (const bucket of layouts) {
    let start = 0;
    for (const range of bucket.ranges) {
      if (param >= range.paramOffset && param < range.paramOffset + range.length) {
        return { bucket: bucket.index, offset: start + param - range.paramOffset, length: bucket.length };
      }
      start += range.length;
    }
  }
  throw new RangeError(`parameter ${param} is in no bucket`);
}
