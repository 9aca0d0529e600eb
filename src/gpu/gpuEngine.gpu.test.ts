/**
 * Whole training steps on the WebGPU engine against the CPU engine (the oracle): losses, gradients,
 * parameters after several optimizer steps, step-by-step detail, predictions, and the optimizer
 * kernel against the CPU rule given the very same gradient.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOptimizerState, optimizerStep } from '../nn/cpu/optimizer';
import { predictProbabilities } from '../nn/cpu/predict';
import type { OptimizerSpec } from '../nn/spec';
import { createCpuEngine } from '../train/cpuEngine';
import type { EngineConfig, StepRequest } from '../train/engine';
import { createGpuEngine, type GpuEngine } from './gpuEngine';
import { configFor, randomDataset, randomRows, testDevice, worstError } from './testing/fixtures';

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

const close = (
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  rel = 1e-4,
  abs = 1e-6,
): void => {
  const worst = worstError(actual, expected, rel, abs);
  expect(worst.ratio, `${what}: worst ${JSON.stringify(worst)}`).toBeLessThanOrEqual(1);
};

const dataset = randomDataset(300, 6, 4, 5);
const OPTIMIZERS: OptimizerSpec[] = [
  { kind: 'sgd', lr: 0.1 },
  { kind: 'momentum', lr: 0.05, momentum: 0.9 },
  { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
];

describe.each(OPTIMIZERS)('a $kind step on the GPU matches the CPU engine', (optimizer) => {
  const config: EngineConfig = configFor(dataset, {
    gpus: 3,
    model: { layers: [6, 12, 9, 4], activation: 'tanh' },
    optimizer,
    maxBatch: 64,
  });

  it('applies the optimizer rule to GPU 0 only, from the summed gradient', async () => {
    await engine.configure(config);
    const state = createOptimizerState((await engine.readParams()).length, optimizer.kind);
    for (let t = 0; t < 3; t++) {
      const before = await engine.readParams();
      const { detail } = await engine.step({
        rows: randomRows(50, dataset.count, t),
        readLoss: false,
        detail: { weight: 0 },
      });
      const expected = before.slice();
      optimizerStep(optimizer, expected, detail?.gradient ?? new Float32Array(0), state);
      close(await engine.readParams(), expected, `parameters after step ${t + 1}`, 1e-5, 1e-7);
    }
  });

  it('trains like the CPU engine over several steps (loss and parameters)', async () => {
    const cpu = createCpuEngine();
    await Promise.all([engine.configure(config), cpu.configure(config)]);
    for (let t = 0; t < 6; t++) {
      const request: StepRequest = {
        rows: randomRows(t % 2 === 0 ? 64 : 7, dataset.count, 100 + t),
        readLoss: true,
      };
      const [gpuStep, cpuStep] = await Promise.all([engine.step(request), cpu.step(request)]);
      close([gpuStep.loss ?? Number.NaN], [cpuStep.loss ?? Number.NaN], `loss of step ${t + 1}`);
    }
    close(await engine.readParams(), await cpu.readParams(), 'parameters after 6 steps', 1e-4, 1e-5);
  });
});

describe('step detail and loss placement', () => {
  const config = configFor(dataset, {
    gpus: 4,
    model: { layers: [6, 10, 4], activation: 'relu' },
    maxBatch: 32,
  });

  it.each(['gathered', 'inside-forward'] as const)(
    'returns the real per-replica values (%s loss)',
    async (lossPlacement) => {
      const cpu = createCpuEngine();
      await Promise.all([engine.configure(config), cpu.configure(config)]);
      // 10 rows on 4 GPUs: chunks 3, 3, 3, 1 — the uneven split where the two placements differ.
      const request: StepRequest = {
        rows: randomRows(10, dataset.count, 9),
        readLoss: true,
        lossPlacement,
        detail: { weight: 5 },
      };
      const [gpuStep, cpuStep] = await Promise.all([engine.step(request), cpu.step(request)]);
      const gpu = gpuStep.detail;
      const ref = cpuStep.detail;
      if (gpu === undefined || ref === undefined) throw new Error('no detail');
      expect(gpu.chunkRows).toEqual(ref.chunkRows);
      expect(gpu.outputs.map((o) => o.length)).toEqual([12, 12, 12, 4]);
      for (const [d, output] of gpu.outputs.entries())
        close(output, ref.outputs[d] ?? [], `outputs of GPU ${d}`);
      close(gpu.gathered, ref.gathered, 'gathered');
      close(gpu.replicaGrads, ref.replicaGrads, 'replica gradients of the followed weight');
      close([gpu.summedGrad], [ref.summedGrad], 'summed gradient');
      close(gpu.gradient, ref.gradient, 'whole gradient');
      for (const [d, replica] of gpu.replicaParams.entries()) {
        expect(Array.from(replica), `GPU ${d}`).toEqual(Array.from(ref.replicaParams[d] ?? []));
      }
      close([gpu.loss, gpuStep.loss ?? Number.NaN], [ref.loss, ref.loss], 'loss');
      const sum = gpu.replicaGrads.reduce((a, b) => a + b, 0);
      expect(Math.abs(gpu.summedGrad - sum)).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(sum));
    },
  );

  it('reports measured time for the phases that ran when a step reads back', async ({ skip }) => {
    if (!device.features.has('timestamp-query')) skip('this adapter offers no timestamp queries');
    await engine.configure(config);
    const { measuredMs } = await engine.step({ rows: randomRows(10, dataset.count, 1), readLoss: true });
    expect(Object.keys(measuredMs ?? {}).sort()).toEqual(
      [
        'backward',
        'forward',
        'gather',
        'loss',
        'optimizer-step',
        'reduce-add',
        'replicate',
        'scatter',
      ].sort(),
    );
    for (const ms of Object.values(measuredMs ?? {})) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('does not update when asked for gradients only, and skips replicate with one busy GPU', async () => {
    await engine.configure(config);
    const before = await engine.readParams();
    const { measuredMs } = await engine.step({
      rows: randomRows(1, dataset.count, 1),
      readLoss: true,
      update: false,
    });
    expect(Array.from(await engine.readParams())).toEqual(Array.from(before));
    if (device.features.has('timestamp-query')) {
      expect(measuredMs).not.toHaveProperty('optimizer-step');
      expect(measuredMs).not.toHaveProperty('replicate');
    }
  });
});

describe('kernel tiers', () => {
  it('computes the same numbers with single-value and blocked kernels', async () => {
    const config = configFor(dataset, {
      gpus: 3,
      model: { layers: [6, 20, 11, 4], activation: 'relu' },
      maxBatch: 300,
    });
    const single = await createGpuEngine(device, { kernels: 'single' });
    const blocked = await createGpuEngine(device, { kernels: 'blocked' });
    await Promise.all([single.configure(config), blocked.configure(config)]);
    for (const rows of [randomRows(300, dataset.count, 1), randomRows(7, dataset.count, 2)]) {
      await Promise.all([single.step({ rows, readLoss: false }), blocked.step({ rows, readLoss: false })]);
      expect(Array.from(await single.readRegion(0, 'gradSum'))).toEqual(
        Array.from(await blocked.readRegion(0, 'gradSum')),
      );
      expect(Array.from(await single.readParams())).toEqual(Array.from(await blocked.readParams()));
    }
    single.destroy();
    blocked.destroy();
  });

  it('starts a new model shape on small-block kernels and upgrades to the blocked ones between steps', async () => {
    // A shape no other test compiles, so its blocked kernels are not in the device's cache yet.
    const config = configFor(dataset, {
      gpus: 3,
      model: { layers: [6, 19, 13, 4], activation: 'relu' },
      maxBatch: 300,
    });
    const tiered = await createGpuEngine(device);
    await tiered.configure(config);
    expect(tiered.kernelTile()).toBe('small');
    const rows = randomRows(300, dataset.count, 3);
    const before = await tiered.readParams();
    await tiered.step({ rows, readLoss: true });
    await tiered.ready();
    expect(tiered.kernelTile()).toBe('blocked');
    // The same configuration again starts on the blocked kernels at once (they are compiled), and
    // the upgrade did not change the numbers: the same step from the same weights, bit for bit.
    const again = await createGpuEngine(device);
    await again.configure(config);
    expect(again.kernelTile()).toBe('blocked');
    await again.writeParams(before);
    await again.step({ rows, readLoss: true });
    expect(Array.from(await again.readParams())).toEqual(Array.from(await tiered.readParams()));
    tiered.destroy();
    again.destroy();
  });
});

describe('parameters and predictions', () => {
  const config = configFor(dataset, {
    gpus: 2,
    model: { layers: [6, 11, 4], activation: 'relu' },
    maxBatch: 16,
  });

  it('round-trips parameters and predicts softmax probabilities like the CPU', async () => {
    await engine.configure(config);
    const params = (await engine.readParams()).map((p, k) => p + 0.01 * Math.sin(k));
    await engine.writeParams(params, true);
    expect(Array.from(await engine.readParams())).toEqual(Array.from(params));
    for (const count of [1, 70, 9000]) {
      const x = randomDataset(count, 6, 4, count).x;
      const probabilities = await engine.predict(x, count);
      close(probabilities, predictProbabilities(config.model, params, x, count), `${count} predictions`);
    }
  });

  it('rejects bad input with a clear error', async () => {
    await engine.configure(config);
    await expect(engine.step({ rows: new Uint32Array(0), readLoss: false })).rejects.toThrow(/1\.\.16 rows/);
    await expect(engine.step({ rows: new Uint32Array([300]), readLoss: false })).rejects.toThrow(/outside/);
    await expect(engine.writeParams(new Float32Array(3))).rejects.toThrow(/parameters/);
    await expect(engine.configure({ ...config, gpus: 9 })).rejects.toThrow(/gpus/);
  });
});
