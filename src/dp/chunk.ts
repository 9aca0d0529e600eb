/**
 * How `nn.DataParallel` splits a batch: exactly `torch.chunk(batch, gpus)` along dim 0.
 *
 * `torch.chunk` does not balance. Every chunk has `ceil(B / N)` rows except the last, which keeps the
 * remainder, so fewer than N chunks can come out (10 rows on 4 GPUs is 3, 3, 3, 1; 6 rows on 4 GPUs is
 * 2, 2, 2 and GPU 3 gets nothing).
 */

/** Largest batch the playground accepts. */
export const MAX_BATCH = 4096;
/** Most logical GPUs the playground carves one adapter into. */
export const MAX_GPUS = 8;

function assertCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
}

/**
 * The sizes of the chunks `torch.chunk` makes from `batch` rows for `gpus` devices, in device order.
 * The result has one entry per chunk (possibly fewer than `gpus`); a batch of 0 gives `gpus` zeros,
 * as `torch.chunk` of an empty tensor returns N empty chunks.
 *
 * @throws RangeError when `batch` is not an integer ≥ 0 or `gpus` not an integer ≥ 1.
 */
export function chunkSizes(batch: number, gpus: number): number[] {
  assertCount('batch', batch, 0);
  assertCount('gpus', gpus, 1);
  if (batch === 0) return new Array<number>(gpus).fill(0);
  const size = Math.ceil(batch / gpus);
  const count = Math.ceil(batch / size);
  const sizes = new Array<number>(count).fill(size);
  sizes[count - 1] = batch - size * (count - 1);
  return sizes;
}

/** A chunk as a half-open row range `[start, end)` of the batch, with the device it goes to. */
export type RowRange = { device: number; start: number; end: number };

/**
 * The rows each device receives: one entry per logical GPU, `null` for a GPU that gets no chunk.
 * Chunk i goes to GPU i, so busy GPUs are always 0..k−1.
 */
export function rowRanges(batch: number, gpus: number): (RowRange | null)[] {
  const sizes = chunkSizes(batch, gpus);
  const ranges: (RowRange | null)[] = [];
  let start = 0;
  for (let device = 0; device < gpus; device++) {
    const size = sizes[device];
    if (size === undefined || size === 0) {
      ranges.push(null);
      continue;
    }
    ranges.push({ device, start, end: start + size });
    start += size;
  }
  return ranges;
}
