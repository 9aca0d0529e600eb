import { describe, expect, it } from 'vitest';
import { PHASES } from '../dp/phase';
import { argmaxRows, predictProbabilities } from '../nn/cpu/predict';
import { initParams } from '../nn/init';
import type { ModelSpec, OptimizerSpec } from '../nn/spec';
import { seededRandom, shuffledIndices } from '../random/seeded';
import { createCpuEngine } from './cpuEngine';
import type { Dataset, EngineConfig } from './engine';

/** Two interleaved spirals, one per class: not separable by a line, learnable by a small MLP. */
function twoSpirals(perClass: number, seed: number): Dataset {
  const random = seededRandom(seed);
  const count = 2 * perClass;
  const x = new Float32Array(count * 2);
  const y = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    // Two full turns, radius growing from 0 to 1.
    const t = (Math.floor(i / 2) / perClass) * 4 * Math.PI;
    const radius = t / (4 * Math.PI);
    x[2 * i] = radius * Math.cos(t + label * Math.PI) + 0.03 * random.normal();
    x[2 * i + 1] = radius * Math.sin(t + label * Math.PI) + 0.03 * random.normal();
    y[i] = label;
  }
  return { x, y, count, features: 2, classes: 2 };
}

function config(gpus: number, dataset: Dataset, overrides: Partial<EngineConfig> = {}): EngineConfig {
  return {
    gpus,
    model: { layers: [dataset.features, 16, 16, dataset.classes], activation: 'relu' },
    optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
    seed: 1,
    dataset,
    maxBatch: dataset.count,
    ...overrides,
  };
}

async function train(cfg: EngineConfig, steps: number): Promise<number[]> {
  const engine = createCpuEngine();
  await engine.configure(cfg);
  const all = Uint32Array.from({ length: cfg.dataset.count }, (_, i) => i);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++)
    losses.push((await engine.step({ rows: all, readLoss: true })).loss ?? Number.NaN);
  return losses;
}

async function accuracy(engine: ReturnType<typeof createCpuEngine>, dataset: Dataset): Promise<number> {
  const probabilities = await engine.predict(dataset.x, dataset.count);
  const predicted = argmaxRows(probabilities, dataset.count, dataset.classes);
  return predicted.filter((p, i) => p === dataset.y[i]).length / dataset.count;
}

describe('CPU engine: training', () => {
  it('learns two spirals to ≥ 97% train accuracy on 4 GPUs in 500 full-batch steps', async () => {
    const dataset = twoSpirals(200, 3);
    const engine = createCpuEngine();
    await engine.configure(
      config(4, dataset, { optimizer: { kind: 'adam', lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8 } }),
    );
    const all = Uint32Array.from({ length: dataset.count }, (_, i) => i);
    expect(await accuracy(engine, dataset)).toBeLessThan(0.8);
    for (let s = 0; s < 500; s++) await engine.step({ rows: all, readLoss: false });
    expect(await accuracy(engine, dataset)).toBeGreaterThanOrEqual(0.97);
  });

  it('repeats the same loss curve for the same seed, and not for another', async () => {
    const dataset = twoSpirals(50, 4);
    const a = await train(config(3, dataset, { seed: 9 }), 30);
    const b = await train(config(3, dataset, { seed: 9 }), 30);
    const c = await train(config(3, dataset, { seed: 10 }), 30);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(a[29]).toBeLessThan(a[0] ?? 0);
  });

  it('survives a divergent learning rate: the loss turns non-finite, nothing throws', async () => {
    const dataset = twoSpirals(50, 4);
    // With ReLU a merely large rate can bounce between huge finite losses; 1e12 overflows float32.
    const losses = await train(config(2, dataset, { optimizer: { kind: 'sgd', lr: 1e12 } }), 20);
    expect(losses.some((loss) => !Number.isFinite(loss))).toBe(true);
  });
});

describe('CPU engine: API', () => {
  const small = twoSpirals(20, 8);

  it('starts from initParams(seed) and reads and writes copies of the parameters on GPU 0', async () => {
    const engine = createCpuEngine();
    await engine.configure(config(2, small));
    const params = await engine.readParams();
    expect(params).toEqual(initParams(config(2, small).model, 1));
    params[0] = 42;
    expect((await engine.readParams())[0]).not.toBe(42);
    await engine.writeParams(params);
    params[0] = 7;
    expect((await engine.readParams())[0]).toBe(42);
    await expect(engine.writeParams(new Float32Array(3))).rejects.toThrow(RangeError);
  });

  it('resets the optimizer state on writeParams(…, true): the next step equals a fresh engine’s', async () => {
    const optimizer: OptimizerSpec = { kind: 'momentum', lr: 0.1, momentum: 0.9 };
    const rows = shuffledIndices(small.count, seededRandom(2)).slice(0, 16);
    const used = createCpuEngine();
    await used.configure(config(3, small, { optimizer }));
    const start = await used.readParams();
    for (let s = 0; s < 3; s++) await used.step({ rows, readLoss: false });
    await used.writeParams(start, true);
    await used.step({ rows, readLoss: false });
    const fresh = createCpuEngine();
    await fresh.configure(config(3, small, { optimizer }));
    await fresh.step({ rows, readLoss: false });
    expect(await used.readParams()).toEqual(await fresh.readParams());
  });

  it('predicts softmax probabilities with GPU 0’s parameters', async () => {
    const engine = createCpuEngine();
    await engine.configure(config(2, small));
    const probabilities = await engine.predict(small.x, small.count);
    const spec: ModelSpec = config(2, small).model;
    expect(probabilities).toEqual(
      predictProbabilities(spec, await engine.readParams(), small.x, small.count),
    );
  });

  it('returns the loss only when asked, and a measured time for every phase', async () => {
    const engine = createCpuEngine();
    await engine.configure(config(2, small));
    const rows = Uint32Array.from([0, 1, 2]);
    expect((await engine.step({ rows, readLoss: false })).loss).toBeUndefined();
    const result = await engine.step({ rows, readLoss: true });
    expect(result.loss).toBeGreaterThan(0);
    expect(Object.keys(result.measuredMs ?? {}).sort()).toEqual([...PHASES].sort());
    expect(engine.stats().submitsPerStep).toBe(0);
    // 2 GPUs, 3 layers: scatter 2, replicate 1, forward 6, gather 2, loss 1, backward 2 + 6, reduce-add 2, step 1.
    expect(engine.stats().dispatchesPerStep).toBe(23);
  });

  it('reports what each GPU holds: GPU 0 also keeps gathered outputs, targets, .grad and optimizer state', async () => {
    const engine = createCpuEngine();
    const model: ModelSpec = { layers: [2, 4, 2], activation: 'relu' };
    const params = 2 * 4 + 4 + 4 * 2 + 2;
    const bytes = async (optimizer: OptimizerSpec) => {
      await engine.configure(config(2, small, { model, optimizer, maxBatch: 4 }));
      return engine.stats().bytesPerDevice;
    };
    const sgd = await bytes({ kind: 'sgd', lr: 0.1 });
    expect(sgd).toHaveLength(2);
    // gathered 4 × 2 + targets 4 + output gradient 4 × 2 + .grad — in 4-byte numbers.
    expect((sgd[0] ?? 0) - (sgd[1] ?? 0)).toBe(4 * (8 + 4 + 8 + params));
    const adam = await bytes({ kind: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    expect((adam[0] ?? 0) - (sgd[0] ?? 0)).toBe(4 * 2 * params);
    expect(adam[1]).toBe(sgd[1]);
  });

  it('frees the previous configuration: 50 reconfigurations hold no more arrays than one', async () => {
    const engine = createCpuEngine();
    await engine.configure(config(8, small));
    const first = engine.stats().liveBuffers;
    for (let k = 0; k < 50; k++) await engine.configure(config(1 + (k % 8), small));
    await engine.configure(config(8, small));
    expect(engine.stats().liveBuffers).toBe(first);
    expect(engine.inspectDevices()).toHaveLength(8);
    engine.destroy();
    expect(engine.stats().liveBuffers).toBe(0);
    await expect(engine.step({ rows: Uint32Array.from([0]), readLoss: true })).rejects.toThrow(
      /not configured/,
    );
  });

  it('rejects bad configurations and bad steps with a clear error', async () => {
    const engine = createCpuEngine();
    await expect(engine.configure(config(9, small))).rejects.toThrow(RangeError);
    await expect(
      engine.configure(config(2, small, { model: { layers: [3, 4, 2], activation: 'relu' } })),
    ).rejects.toThrow(/features/);
    await engine.configure(config(2, small, { maxBatch: 4 }));
    await expect(engine.step({ rows: new Uint32Array(5), readLoss: false })).rejects.toThrow(RangeError);
    await expect(engine.step({ rows: Uint32Array.from([small.count]), readLoss: false })).rejects.toThrow(
      RangeError,
    );
    await expect(
      engine.step({ rows: new Uint32Array(2), readLoss: false, detail: { weight: -1 } }),
    ).rejects.toThrow(RangeError);
  });
});
