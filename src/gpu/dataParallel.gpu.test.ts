/**
 * DataParallel's promise, checked on the logical GPUs' own memory: for any split of the batch the
 * summed gradient on GPU 0 equals the one-GPU gradient, every busy replica holds GPU 0's weights after
 * replicate, and GPUs without a chunk receive nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkSizes } from '../dp/chunk';
import { createGpuEngine, type GpuEngine } from './gpuEngine';
import type { RegionName } from './partition';
import { configFor, maxAbsDiff, randomDataset, randomRows, testDevice } from './testing/fixtures';

const GPUS = [1, 2, 3, 4, 8];
const BATCHES = [1, 3, 10, 64, 256];
const dataset = randomDataset(600, 4, 3, 21);
const model = { layers: [4, 16, 12, 3], activation: 'relu' as const };

let device: GPUDevice;
let single: GpuEngine;
let parallel: GpuEngine;
const reference = new Map<number, Float32Array>();

beforeAll(async () => {
  device = await testDevice();
  [single, parallel] = await Promise.all([createGpuEngine(device), createGpuEngine(device)]);
  await single.configure(configFor(dataset, { gpus: 1, model, maxBatch: 256 }));
  for (const batch of BATCHES) {
    await single.step({ rows: randomRows(batch, dataset.count, batch), readLoss: false, update: false });
    reference.set(batch, await single.readRegion(0, 'gradSum'));
  }
});
afterAll(() => {
  single.destroy();
  parallel.destroy();
  device.destroy();
});

/** Every region a logical GPU holds, read back. */
async function deviceMemory(engine: GpuEngine, gpu: number): Promise<Map<RegionName, Float32Array>> {
  const memory = new Map<RegionName, Float32Array>();
  for (const region of engine.layout()?.regions ?? []) {
    if (region.device === gpu) memory.set(region.name, await engine.readRegion(gpu, region.name));
  }
  return memory;
}

describe.each(GPUS)('on %i logical GPUs', (gpus) => {
  beforeAll(async () => {
    await parallel.configure(configFor(dataset, { gpus, model, maxBatch: 256 }));
  });

  it.each(BATCHES)(
    'batch %i: GPU 0 sums to the 1-GPU gradient, replicas match, idle GPUs stay untouched',
    async (batch) => {
      const busy = chunkSizes(batch, gpus).length;
      const idleBefore = await Promise.all(
        Array.from({ length: gpus - busy }, (_, i) => deviceMemory(parallel, busy + i)),
      );
      await parallel.step({ rows: randomRows(batch, dataset.count, batch), readLoss: false, update: false });

      const gradient = await parallel.readRegion(0, 'gradSum');
      expect(maxAbsDiff(gradient, reference.get(batch) ?? [])).toBeLessThanOrEqual(1e-5);

      const originals = await parallel.readRegion(0, 'params');
      for (let gpu = 1; gpu < busy; gpu++) {
        expect(Array.from(await parallel.readRegion(gpu, 'params')), `replica on GPU ${gpu}`).toEqual(
          Array.from(originals),
        );
      }
      for (const [i, before] of idleBefore.entries()) {
        const after = await deviceMemory(parallel, busy + i);
        for (const [name, values] of before) {
          expect(Array.from(after.get(name) ?? []), `GPU ${busy + i} ${name}`).toEqual(Array.from(values));
        }
      }
    },
  );

  it('leaves idle GPUs exactly as they were after a full batch (nothing sent, nothing computed)', async () => {
    if (gpus < 2) return;
    await parallel.step({ rows: randomRows(256, dataset.count, 1), readLoss: false });
    const before = await deviceMemory(parallel, gpus - 1);
    await parallel.step({ rows: randomRows(1, dataset.count, 2), readLoss: false });
    const after = await deviceMemory(parallel, gpus - 1);
    for (const [name, values] of before)
      expect(Array.from(after.get(name) ?? []), name).toEqual(Array.from(values));
    // A full batch had written them, so "unchanged" is not "never used".
    expect((before.get('params') ?? []).some((v) => v !== 0)).toBe(true);
  });
});
