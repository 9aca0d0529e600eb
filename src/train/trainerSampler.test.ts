import { describe, expect, it } from 'vitest';
import { createBatchSampler, deriveSeed } from './trainerSampler';

const sorted = (rows: number[]) => [...rows].sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('createBatchSampler', () => {
  it('hands out every row exactly once per epoch, in PyTorch-style batches 30, 30, 30, 10', () => {
    const sampler = createBatchSampler({ count: 100, batch: 30, seed: 1 });
    for (let epoch = 0; epoch < 3; epoch++) {
      const batches = [sampler.next(), sampler.next(), sampler.next(), sampler.next()];
      expect(batches.map((b) => b.length)).toEqual([30, 30, 30, 10]);
      expect(sorted(batches.flatMap((b) => Array.from(b)))).toEqual(range(100));
      expect(sampler.state()).toEqual({ epoch: epoch + 1, position: 0 });
    }
  });

  it('shuffles each epoch differently, and the same for the same seed', () => {
    const a = createBatchSampler({ count: 50, batch: 50, seed: 9 });
    const b = createBatchSampler({ count: 50, batch: 50, seed: 9 });
    const first = Array.from(a.next());
    const second = Array.from(a.next());
    expect(first).not.toEqual(range(50));
    expect(second).not.toEqual(first);
    expect(Array.from(b.next())).toEqual(first);
    expect(Array.from(createBatchSampler({ count: 50, batch: 50, seed: 10 }).next())).not.toEqual(first);
  });

  it('drops the short last batch when asked', () => {
    const sampler = createBatchSampler({ count: 100, batch: 30, seed: 1, dropLast: true });
    const sizes = range(7).map(() => sampler.next().length);
    expect(sizes).toEqual([30, 30, 30, 30, 30, 30, 30]);
    expect(sampler.state()).toEqual({ epoch: 2, position: 30 });
  });

  it('clamps a batch larger than the data set to one epoch per batch', () => {
    const sampler = createBatchSampler({ count: 7, batch: 64, seed: 3 });
    expect(sorted(Array.from(sampler.next()))).toEqual(range(7));
    expect(sampler.state()).toEqual({ epoch: 1, position: 0 });
  });

  it('peeks without consuming and restores a state exactly', () => {
    const sampler = createBatchSampler({ count: 40, batch: 16, seed: 5 });
    sampler.next();
    const saved = sampler.state();
    const peeked = Array.from(sampler.peek());
    expect(Array.from(sampler.next())).toEqual(peeked);
    const later = [sampler.next(), sampler.next()].map((b) => Array.from(b));
    sampler.restore(saved);
    expect(Array.from(sampler.next())).toEqual(peeked);
    expect([sampler.next(), sampler.next()].map((b) => Array.from(b))).toEqual(later);
  });

  it('rejects bad sizes and states', () => {
    expect(() => createBatchSampler({ count: 0, batch: 1, seed: 1 })).toThrow(RangeError);
    expect(() => createBatchSampler({ count: 10, batch: 2.5, seed: 1 })).toThrow(RangeError);
    const sampler = createBatchSampler({ count: 10, batch: 2, seed: 1 });
    expect(() => sampler.restore({ epoch: 0, position: 11 })).toThrow(RangeError);
    expect(() => sampler.restore({ epoch: -1, position: 0 })).toThrow(RangeError);
  });
});

describe('deriveSeed', () => {
  it('is a deterministic 32-bit value that separates salts and seeds', () => {
    expect(deriveSeed(1, 2)).toBe(deriveSeed(1, 2));
    const values = new Set([deriveSeed(1, 0), deriveSeed(1, 1), deriveSeed(2, 0), deriveSeed(2, 1)]);
    expect(values.size).toBe(4);
    for (const v of values) expect(v >>> 0).toBe(v);
  });
});
