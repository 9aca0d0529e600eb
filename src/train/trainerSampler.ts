/**
 * Which rows each step trains on: a fresh seeded shuffle every epoch, cut into batches in order, like
 * PyTorch's `DataLoader(shuffle=True)`. The last batch of an epoch keeps the remainder (100 rows in
 * batches of 30 → 30, 30, 30, 10, as in the official DataParallel tutorial) unless `dropLast`.
 *
 * The permutation of epoch e depends only on (seed, e), so a sampler's whole state is two integers —
 * a snapshot can restore it exactly, on any engine.
 */
import { seededRandom, shuffledIndices } from '../random/seeded';

/** A 32-bit seed derived from `seed` and a salt, so separate streams (data, shuffle, …) don't correlate. */
export function deriveSeed(seed: number, salt: number): number {
  let h = (seed ^ Math.imul(salt + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Where a sampler stands: the epoch and how many of its rows were already handed out. */
export type SamplerState = { epoch: number; position: number };

export type BatchSampler = {
  /** The rows of the next batch, consuming them. */
  next(): Uint32Array;
  /** The rows `next()` would return, without consuming them. */
  peek(): Uint32Array;
  state(): SamplerState;
  restore(state: SamplerState): void;
};

export type SamplerOptions = {
  /** Rows in the data set. */
  count: number;
  /** Rows per batch; clamped to `count`. */
  batch: number;
  seed: number;
  /** Skip an epoch's short last batch instead of training on it. */
  dropLast?: boolean;
};

/**
 * A seeded batch sampler.
 * @throws RangeError when `count` or `batch` is not a positive integer.
 */
export function createBatchSampler({ count, batch, seed, dropLast = false }: SamplerOptions): BatchSampler {
  for (const [name, value] of [
    ['count', count],
    ['batch', batch],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
    }
  }
  const size = Math.min(batch, count);
  let state: SamplerState = { epoch: 0, position: 0 };
  let cached: { epoch: number; order: Uint32Array } = { epoch: -1, order: new Uint32Array(0) };
  const orderOf = (epoch: number): Uint32Array => {
    if (cached.epoch !== epoch)
      cached = { epoch, order: shuffledIndices(count, seededRandom(deriveSeed(seed, epoch))) };
    return cached.order;
  };
  // The state never rests at the end of an epoch (or, with dropLast, before a short tail).
  const normalise = (s: SamplerState): SamplerState =>
    s.position >= count || (dropLast && count - s.position < size) ? { epoch: s.epoch + 1, position: 0 } : s;
  const take = (): { rows: Uint32Array; after: SamplerState } => {
    const { epoch, position } = state;
    const end = Math.min(count, position + size);
    const rows = orderOf(epoch).slice(position, end);
    return { rows, after: normalise({ epoch, position: end }) };
  };
  return {
    next() {
      const { rows, after } = take();
      state = after;
      return rows;
    },
    peek: () => take().rows,
    state: () => ({ ...state }),
    restore(next) {
      if (!Number.isInteger(next.epoch) || next.epoch < 0 || !Number.isInteger(next.position)) {
        throw new RangeError(`not a sampler state: ${JSON.stringify(next)}`);
      }
      if (next.position < 0 || next.position > count) {
        throw new RangeError(`position ${next.position} is outside an epoch of ${count} rows`);
      }
      state = normalise({ ...next });
    },
  };
}
