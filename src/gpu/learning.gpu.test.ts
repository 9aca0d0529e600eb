/**
 * The engine really learns: a seeded two-class spiral, trained on 4 logical GPUs, is classified
 * almost perfectly within a fixed step budget, and its loss curve starts out as the CPU engine's.
 */
import { expect, it } from 'vitest';
import { argmaxRows } from '../nn/cpu/predict';
import { seededRandom, shuffledIndices } from '../random/seeded';
import { createCpuEngine } from '../train/cpuEngine';
import type { EngineConfig } from '../train/engine';
import { createGpuEngine } from './gpuEngine';
import { testDevice, twoSpirals } from './testing/fixtures';

it('classifies a 2-class spiral with at least 97% accuracy within 400 steps', async () => {
  const device = await testDevice();
  const engine = await createGpuEngine(device);
  const cpu = createCpuEngine();
  const dataset = twoSpirals(400, 0.02, 3);
  const config: EngineConfig = {
    gpus: 4,
    model: { layers: [2, 16, 16, 2], activation: 'relu' },
    optimizer: { kind: 'adam', lr: 0.03, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
    seed: 1,
    dataset,
    maxBatch: 64,
  };
  await Promise.all([engine.configure(config), cpu.configure(config)]);
  const random = seededRandom(5);
  let order = shuffledIndices(dataset.count, random);
  let at = 0;
  for (let step = 0; step < 400; step++) {
    if (at + 64 > dataset.count) {
      order = shuffledIndices(dataset.count, random);
      at = 0;
    }
    const rows = order.subarray(at, at + 64);
    at += 64;
    const early = step < 20;
    const gpuStep = await engine.step({ rows, readLoss: early });
    if (early) {
      // The same seed gives the same curve: the first steps' losses agree with the CPU engine's.
      const cpuLoss = (await cpu.step({ rows, readLoss: true })).loss ?? Number.NaN;
      expect(Math.abs((gpuStep.loss ?? Number.NaN) - cpuLoss), `step ${step + 1}`).toBeLessThanOrEqual(
        1e-3 * cpuLoss,
      );
    }
  }
  const predictions = argmaxRows(await engine.predict(dataset.x, dataset.count), dataset.count, 2);
  const correct = predictions.filter((label, i) => label === dataset.y[i]).length;
  expect(correct / dataset.count).toBeGreaterThanOrEqual(0.97);
  engine.destroy();
  device.destroy();
}, 120_000);
