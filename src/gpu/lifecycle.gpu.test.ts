/**
 * The engine's life: reconfiguring frees everything, the memory ledger is what is really allocated,
 * NaN flows through for the trainer to catch, and a lost device reaches the owner's hook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDevice } from './device';
import { createGpuEngine, type GpuEngine } from './gpuEngine';
import { arenaBytesPerDevice } from './partition';
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

describe('reconfiguring', () => {
  it('keeps live buffers flat across 50 reconfigurations of different GPU counts and models', async () => {
    const dataset = randomDataset(200, 5, 3, 1);
    // Eight shapes cycled: every reconfiguration changes N and the model, and pipelines get reused.
    const configs = Array.from({ length: 8 }, (_, i) => {
      const hidden = [4, 9, 16][i % 3] as number;
      return configFor(dataset, {
        gpus: i + 1,
        model: {
          layers: i % 2 === 0 ? [5, hidden, 3] : [5, hidden, hidden, 3],
          activation: i % 4 < 2 ? 'relu' : 'tanh',
        },
        optimizer:
          i % 3 === 0
            ? { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 }
            : { kind: 'sgd', lr: 0.1 },
        maxBatch: 16 + 8 * i,
      });
    });
    const counts: number[] = [];
    for (let i = 0; i < 50; i++) {
      await engine.configure(configs[i % configs.length] as (typeof configs)[number]);
      counts.push(engine.stats().liveBuffers);
      await engine.step({
        rows: randomRows(10, dataset.count, i),
        readLoss: i % 3 === 0,
        detail: { weight: 0 },
      });
      await engine.predict(dataset.x, 50);
    }
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeLessThanOrEqual(8);
  }, 180_000);

  it('bills each logical GPU for the regions it owns, GPU 0 for the rest', async () => {
    const dataset = randomDataset(100, 5, 3, 1);
    await engine.configure(
      configFor(dataset, { gpus: 4, model: { layers: [5, 8, 3], activation: 'relu' }, maxBatch: 40 }),
    );
    const { bytesPerDevice } = engine.stats();
    const layout = engine.layout();
    if (layout === null) throw new Error('not configured');
    const arena = arenaBytesPerDevice(layout);
    expect(bytesPerDevice).toHaveLength(4);
    expect(bytesPerDevice.slice(1)).toEqual(arena.slice(1));
    expect(arena.slice(1).every((bytes) => bytes === arena[1])).toBe(true);
    // GPU 0 holds more: the originals' .grad, gathered outputs, optimizer state, the data set, …
    expect(bytesPerDevice[0]).toBeGreaterThan((arena[0] ?? 0) + dataset.x.byteLength);
    for (const region of layout.regions) expect((region.offset * 4) % 256).toBe(0);
    expect(arena.reduce((a, b) => a + b, 0)).toBe(layout.totalFloats * 4);
  });
});

describe('bad numbers and lost devices', () => {
  it('lets NaN flow through to the loss and the weights (the trainer detects it)', async () => {
    const dataset = randomDataset(50, 3, 2, 4);
    await engine.configure(
      configFor(dataset, { gpus: 2, model: { layers: [3, 4, 2], activation: 'relu' }, maxBatch: 8 }),
    );
    const params = await engine.readParams();
    params[0] = Number.NaN;
    await engine.writeParams(params);
    const { loss } = await engine.step({ rows: randomRows(8, dataset.count, 1), readLoss: true });
    expect(loss).toBeNaN();
    expect((await engine.readParams()).some(Number.isNaN)).toBe(true);
  });

  it('reports a lost device through onLost, rejects later work, and the next engine gets a new device', async () => {
    const own = await createGpuEngine();
    const dataset = randomDataset(50, 3, 2, 4);
    await own.configure(
      configFor(dataset, { gpus: 2, model: { layers: [3, 4, 2], activation: 'relu' }, maxBatch: 8 }),
    );
    const lost = new Promise<string>((resolve) => own.onLost(resolve));
    own.device.destroy();
    expect(await lost).toMatch(/\S/);
    await expect(own.step({ rows: randomRows(4, dataset.count, 1), readLoss: true })).rejects.toThrow(/lost/);
    const late = new Promise<string>((resolve) => own.onLost(resolve));
    expect(await late).toMatch(/\S/);
    own.destroy();
    const next = await createGpuEngine();
    expect(next.device).not.toBe(own.device);
    next.destroy();
  });

  it('says why when there is no WebGPU to be had', async () => {
    await expect(acquireDevice(null)).rejects.toThrow(
      'WebGPU is unavailable: this browser has no navigator.gpu',
    );
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    await expect(acquireDevice(noAdapter)).rejects.toThrow(
      'WebGPU is unavailable: no GPU adapter was offered',
    );
  });

  it('leaves the shared device alone when an engine is destroyed (no loss, siblings keep working)', async () => {
    const own = await createGpuEngine();
    const sibling = await createGpuEngine(own.context);
    expect(sibling.device).toBe(own.device);
    let called = false;
    own.onLost(() => {
      called = true;
    });
    own.destroy();
    const dataset = randomDataset(50, 3, 2, 4);
    await sibling.configure(
      configFor(dataset, { gpus: 2, model: { layers: [3, 4, 2], activation: 'relu' }, maxBatch: 8 }),
    );
    const { loss } = await sibling.step({ rows: randomRows(4, dataset.count, 1), readLoss: true });
    expect(loss).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(called).toBe(false);
    sibling.destroy();
  });
});
