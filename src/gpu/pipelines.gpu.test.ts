/**
 * Device and pipeline lifetime: a model shape's first configuration asks for every pipeline the shape
 * will use, so no later GPU count, batch size, learning rate, mode switch, prediction or sibling engine
 * compiles another one — not even while the first ones are still compiling in the background — and a
 * reconfiguration keeps computing the same numbers as a fresh engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSibling } from '../train/createEngine';
import type { EngineConfig } from '../train/engine';
import { createGpuEngine, type GpuEngine } from './gpuEngine';
import { configFor, randomDataset, randomRows, testDevice } from './testing/fixtures';

let device: GPUDevice;
let engine: GpuEngine;
beforeAll(async () => {
  device = await testDevice();
  engine = await createGpuEngine(device);
});
afterAll(() => {
  engine.destroy();
  device.destroy();
});

const dataset = randomDataset(400, 4, 3, 8);
const base: EngineConfig = configFor(dataset, {
  gpus: 3,
  model: { layers: [4, 14, 9, 3], activation: 'tanh' },
  optimizer: { kind: 'momentum', lr: 0.05, momentum: 0.9 },
  maxBatch: 10,
});

describe('pipelines', () => {
  it('compiles none when the GPU count, the batch or the learning rate changes', async () => {
    await engine.configure(base);
    await engine.step({ rows: randomRows(10, dataset.count, 1), readLoss: true });
    await engine.ready();
    const compiled = engine.stats().pipelinesCompiled;
    expect(compiled).toBeGreaterThan(0);
    for (let gpus = 1; gpus <= 8; gpus++) {
      for (const batch of [1, 3, 10, 64, 256]) {
        await engine.configure({ ...base, gpus, maxBatch: batch });
        expect(engine.kernelTile(), `N=${gpus} B=${batch}`).toBe('blocked');
        const { loss } = await engine.step({ rows: randomRows(batch, dataset.count, batch), readLoss: true });
        expect(loss, `N=${gpus} B=${batch}`).toBeGreaterThan(0);
      }
    }
    await engine.configure({ ...base, gpus: 5, optimizer: { kind: 'momentum', lr: 0.2, momentum: 0.5 } });
    await engine.step({ rows: randomRows(7, dataset.count, 2), readLoss: false });
    await engine.ready();
    expect(engine.stats().pipelinesCompiled).toBe(compiled);
  }, 120_000);

  it('asks for them all on the first configuration: moves before the upgrade lands compile nothing', async () => {
    // A shape no other test here uses, so its kernels are not in the device's cache yet.
    const config = { ...base, model: { layers: [4, 11, 3], activation: 'relu' as const }, gpus: 2 };
    const fresh = await createGpuEngine(device);
    await fresh.configure(config);
    const compiled = fresh.stats().pipelinesCompiled;
    expect(compiled).toBeGreaterThan(0);
    // Slider moves at once, while the blocked, DDP and predictor kernels still compile.
    for (const [gpus, batch] of [
      [5, 10],
      [8, 10],
      [1, 3],
      [4, 64],
    ] as const) {
      await fresh.configure({ ...config, gpus, maxBatch: batch });
      await fresh.step({ rows: randomRows(batch, dataset.count, gpus), readLoss: true });
      expect(fresh.stats().pipelinesCompiled, `N=${gpus} B=${batch}`).toBe(compiled);
    }
    await fresh.predict(dataset.x, 300);
    await fresh.setMode('ddp');
    await fresh.step({ rows: randomRows(12, dataset.count, 9), readLoss: true });
    await fresh.setMode('dp');
    const sibling = await spawnSibling(fresh);
    await sibling.configure({ ...config, gpus: 1 });
    await sibling.step({ rows: randomRows(10, dataset.count, 3), readLoss: true });
    await sibling.predict(dataset.x, 20);
    await Promise.all([fresh.ready(), (sibling as GpuEngine).ready()]);
    expect(fresh.kernelTile()).toBe('blocked');
    expect(fresh.stats().pipelinesCompiled).toBe(compiled);
    expect(sibling.stats().pipelinesCompiled).toBe(0);
    sibling.destroy();
    fresh.destroy();
  }, 120_000);

  it('shares them with a sibling engine on the same device', async () => {
    await engine.configure(base);
    await engine.ready();
    const sibling = await spawnSibling(engine);
    expect((sibling as GpuEngine).device).toBe(engine.device);
    await sibling.configure({ ...base, gpus: 1 });
    await sibling.step({ rows: randomRows(10, dataset.count, 3), readLoss: true });
    expect(sibling.stats().pipelinesCompiled).toBe(0);
    sibling.destroy();
  });

  it('computes after a reconfiguration what a fresh engine computes', async () => {
    const config = { ...base, gpus: 4, maxBatch: 64 };
    await engine.configure({ ...base, gpus: 7, maxBatch: 200 });
    await engine.step({ rows: randomRows(200, dataset.count, 4), readLoss: false });
    await engine.configure(config);
    const fresh = await createGpuEngine(device);
    await fresh.configure(config);
    for (let t = 0; t < 3; t++) {
      const request = { rows: randomRows(t === 1 ? 9 : 64, dataset.count, 10 + t), readLoss: true };
      const [a, b] = await Promise.all([engine.step(request), fresh.step(request)]);
      expect(a.loss).toBe(b.loss);
    }
    expect(Array.from(await engine.readParams())).toEqual(Array.from(await fresh.readParams()));
    fresh.destroy();
  });
});
