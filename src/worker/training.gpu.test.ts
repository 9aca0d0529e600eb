import { afterEach, describe, expect, it } from 'vitest';
import { createTrainingClient, type TrainingClient } from './client';
import type { TrainingResponse, TrainingSettings } from './protocol';

const SPIRAL: TrainingSettings = {
  gpus: 4,
  batch: 32,
  dataset: 'spiral',
  seed: 1,
  optimizer: { kind: 'adam', lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  lossPlacement: 'gathered',
};

let client: TrainingClient | null = null;
afterEach(() => {
  client?.terminate();
  client = null;
});

describe('the real training worker in Chromium', () => {
  it('trains the spiral on WebGPU to ≥ 97% while streaming progress', async () => {
    client = createTrainingClient();
    const progress: TrainingResponse[] = [];
    client.subscribe((m) => {
      if (m.type === 'progress') progress.push(m);
    });
    // By name: `auto` lets the CPU stand in while WebGPU compiles; this test is about WebGPU training.
    const ready = await client.configure({ ...SPIRAL, engine: 'webgpu' });
    expect(ready.engine).toMatchObject({ kind: 'webgpu', reason: null });
    const stopped = await client.run({ maxSteps: 600 });
    expect(stopped).toMatchObject({ reason: 'max-steps', step: 600 });
    const steps = progress.flatMap((m) => (m.type === 'progress' ? m.reports.map((r) => r.step) : []));
    expect(steps).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect((await client.evaluate()).train).toBeGreaterThanOrEqual(0.97);
  });

  it('gives the same curve on the CPU and on WebGPU for the same seed', async () => {
    const curve = async (engine: 'cpu' | 'webgpu') => {
      const c = createTrainingClient();
      try {
        const ready = await c.configure({ ...SPIRAL, engine });
        expect(ready.engine.kind).toBe(engine);
        const losses: number[] = [];
        for (let i = 0; i < 20; i++) {
          const reply = await c.step();
          if (reply.type === 'stepped') losses.push(reply.report.loss ?? Number.NaN);
        }
        return losses;
      } finally {
        c.terminate();
      }
    };
    const cpu = await curve('cpu');
    const gpu = await curve('webgpu');
    expect(gpu).toHaveLength(20);
    for (const [i, loss] of gpu.entries()) expect(loss).toBeCloseTo(cpu[i] ?? Number.NaN, 3);
  });

  it('loads the shipped digits next to the page and compares 1 GPU with 3', async () => {
    client = createTrainingClient();
    const ready = await client.configure({ ...SPIRAL, dataset: 'digits', gpus: 3, batch: 10 });
    expect([ready.train.count, ready.test?.count]).toEqual([1438, 359]);
    const comparison = await client.compare();
    expect(comparison.chunkSizes).toEqual([4, 4, 2]);
    expect(comparison.maxAbsDiff.gathered).toBeLessThanOrEqual(1e-5);
  });

  it('trains the digits on WebGPU to ≥ 90% test accuracy in 300 steps', async () => {
    client = createTrainingClient();
    const optimizer = { kind: 'adam' as const, lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
    const ready = await client.configure({
      ...SPIRAL,
      dataset: 'digits',
      batch: 64,
      optimizer,
      lossEvery: 50,
      engine: 'webgpu',
    });
    expect(ready.engine.kind).toBe('webgpu');
    await client.run({ maxSteps: 300 });
    expect((await client.evaluate()).test).toBeGreaterThanOrEqual(0.9);
  });
});
