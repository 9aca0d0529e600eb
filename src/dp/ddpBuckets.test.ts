import { describe, expect, it } from 'vitest';
import { paramLayout } from '../nn/spec';
import { bucketLayouts, bucketPosition } from './ddpBuckets';

const MODEL = { layers: [2, 16, 16, 2], activation: 'relu' } as const;

describe('bucketLayouts', () => {
  it('puts a small model in one bucket, last layer first and bias before weight', () => {
    const buckets = bucketLayouts(MODEL);
    expect(buckets).toHaveLength(1);
    const [bucket] = buckets;
    expect(bucket?.ranges.map((r) => r.name)).toEqual([
      'layers.2.bias',
      'layers.2.weight',
      'layers.1.bias',
      'layers.1.weight',
      'layers.0.bias',
      'layers.0.weight',
    ]);
    expect(bucket?.length).toBe(paramLayout(MODEL).count);
  });

  it('maps every parameter to exactly one bucket element', () => {
    const buckets = bucketLayouts({ layers: [64, 600, 600, 10], activation: 'relu' });
    expect(buckets.length).toBeGreaterThan(1); // 600×600 floats pass the 1 MiB first cap
    const { count } = paramLayout({ layers: [64, 600, 600, 10], activation: 'relu' });
    const seen = new Set<string>();
    for (let k = 0; k < count; k += 97) {
      const at = bucketPosition(buckets, k);
      seen.add(`${at.bucket}:${at.offset}`);
      expect(at.offset).toBeLessThan(at.length);
    }
    expect(seen.size).toBe(Math.ceil(count / 97));
    const last = paramLayout(MODEL).count - 1; // layers.2.bias[1] is the bucket's second element
    expect(bucketPosition(bucketLayouts(MODEL), last)).toEqual({ bucket: 0, offset: 1, length: last + 1 });
  });
});
