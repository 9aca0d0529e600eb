import { describe, expect, it } from 'vitest';
import { paramLayout } from '../nn/spec';
import {
  arenaBytesPerDevice,
  findRegion,
  LOSS_PARTS,
  partition,
  REGION_ALIGN_FLOATS,
  SEGMENT_ROWS,
} from './partition';

const model = { layers: [2, 16, 16, 2], activation: 'relu' as const };

describe('partition', () => {
  it('gives every logical GPU the same block, 256-byte aligned, with no overlaps', () => {
    const layout = partition(model, 3, 10, 'adam');
    const sorted = [...layout.regions].sort((a, b) => a.offset - b.offset);
    for (const [i, region] of sorted.entries()) {
      expect(region.offset % REGION_ALIGN_FLOATS).toBe(0);
      expect(region.bytes).toBe(Math.ceil(region.length / REGION_ALIGN_FLOATS) * REGION_ALIGN_FLOATS * 4);
      const next = sorted[i + 1];
      if (next) expect(region.offset + region.bytes / 4).toBeLessThanOrEqual(next.offset);
    }
    for (let d = 1; d < 3; d++) {
      expect(findRegion(layout, d, 'params')?.offset).toBe(d * layout.deviceStride + layout.local.params);
      expect(findRegion(layout, d, 'outputs')?.offset).toBe(d * layout.deviceStride + layout.local.outputs);
    }
    expect(layout.totalFloats * 4).toBe(arenaBytesPerDevice(layout).reduce((a, b) => a + b, 0));
  });

  it('sizes each device for the largest chunk torch.chunk can give it', () => {
    const layout = partition(model, 4, 10, 'sgd');
    expect(layout.chunkCapacity).toBe(3);
    expect(findRegion(layout, 2, 'act1')?.length).toBe(3 * 16);
    expect(findRegion(layout, 0, 'gathered')?.length).toBe(10 * 2);
    expect(layout.segments).toBe(1);
    expect(partition(model, 1, 4096, 'sgd').segments).toBe(4096 / SEGMENT_ROWS);
  });

  it('keeps the originals’ gradient, gathered outputs, loss and optimizer state on GPU 0 only', () => {
    const { count } = paramLayout(model);
    const adam = partition(model, 2, 8, 'adam');
    for (const name of [
      'gradSum',
      'gathered',
      'targets',
      'gatheredGrad',
      'loss',
      'optimizerM',
      'optimizerV',
    ] as const) {
      expect(findRegion(adam, 0, name), name).toBeDefined();
      expect(findRegion(adam, 1, name), name).toBeUndefined();
    }
    expect(findRegion(adam, 0, 'loss')?.length).toBe(LOSS_PARTS);
    expect(findRegion(adam, 0, 'optimizerV')?.length).toBe(count);
    const [gpu0, gpu1] = arenaBytesPerDevice(adam);
    expect(gpu0).toBeGreaterThan(gpu1 ?? 0);
    const sgd = partition(model, 2, 8, 'sgd');
    expect(findRegion(sgd, 0, 'optimizerM')).toBeUndefined();
    expect(sgd.host.optimizerM).toBe(-1);
    const momentum = partition(model, 2, 8, 'momentum');
    expect(findRegion(momentum, 0, 'optimizerM')).toBeDefined();
    expect(findRegion(momentum, 0, 'optimizerV')).toBeUndefined();
  });

  it('rejects impossible shapes', () => {
    expect(() => partition(model, 0, 8, 'sgd')).toThrow(RangeError);
    expect(() => partition(model, 2, 0, 'sgd')).toThrow(RangeError);
    expect(() => partition({ layers: [3], activation: 'relu' }, 2, 8, 'sgd')).toThrow(RangeError);
  });
});
