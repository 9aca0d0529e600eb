import { describe, expect, it } from 'vitest';
import { chunkSizes } from '../../dp/chunk';
import { backward } from '../../nn/cpu/backward';
import { forward } from '../../nn/cpu/forward';
import { softmaxCrossEntropy } from '../../nn/cpu/loss';
import { createOptimizerState, optimizerStep } from '../../nn/cpu/optimizer';
import { paramLayout } from '../../nn/spec';
import { seededRandom, shuffledIndices } from '../../random/seeded';
import { createCpuEngine } from '../cpuEngine';
import type { Dataset, EngineConfig, StepDetail } from '../engine';

function randomDataset(count: number, features: number, classes: number, seed: number): Dataset {
  const random = seededRandom(seed);
  const x = Float32Array.from({ length: count * features }, () => random.normal());
  const y = Uint32Array.from({ length: count }, () => random.int(0, classes - 1));
  return { x, y, count, features, classes };
}

const dataset = randomDataset(300, 5, 3, 21);

function config(gpus: number, overrides: Partial<EngineConfig> = {}): EngineConfig {
  return {
    gpus,
    model: { layers: [5, 16, 12, 3], activation: 'relu' },
    optimizer: { kind: 'momentum', lr: 0.1, momentum: 0.9 },
    seed: 5,
    dataset,
    maxBatch: 256,
    ...overrides,
  };
}

async function engineWith(gpus: number, overrides: Partial<EngineConfig> = {}) {
  const engine = createCpuEngine();
  await engine.configure(config(gpus, overrides));
  return engine;
}

function batch(size: number, seed: number): Uint32Array {
  return shuffledIndices(dataset.count, seededRandom(seed)).slice(0, size);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let k = 0; k < a.length; k++) max = Math.max(max, Math.abs((a[k] as number) - (b[k] as number)));
  return max;
}

function need(detail: StepDetail | undefined): StepDetail {
  if (detail === undefined) throw new Error('the step returned no detail');
  return detail;
}

/** The output layer's first bias: every replica's gradient of it is non-zero (Σ p − onehot). */
const followed = paramLayout(config(1).model).slots[2]?.bias ?? 0;

describe('a DataParallel step on the CPU engine', () => {
  it.each([1, 2, 3, 4, 8])(
    'on %i GPUs gives the 1-GPU gradient, loss and outputs for B ∈ {1, 3, 10, 64, 256}',
    async (gpus) => {
      const single = await engineWith(1);
      const parallel = await engineWith(gpus);
      for (const size of [1, 3, 10, 64, 256]) {
        const rows = batch(size, size);
        const request = { rows, readLoss: true, update: false, detail: { weight: followed } };
        const one = need((await single.step(request)).detail);
        const many = need((await parallel.step(request)).detail);
        expect(maxAbsDiff(many.gradient, one.gradient)).toBeLessThanOrEqual(1e-5);
        expect(many.loss).toBeCloseTo(one.loss, 6);
        // Each row's output does not depend on which rows share its chunk, so gather is exact.
        expect(many.gathered).toEqual(one.gathered);
        expect(many.chunkRows.map((r) => r.length)).toEqual(chunkSizes(size, gpus));
        expect(many.chunkRows.flat()).toEqual(Array.from(rows));
        expect(many.outputs.map((o) => o.length)).toEqual(chunkSizes(size, gpus).map((n) => n * 3));
      }
    },
  );

  it('reduce-add is a float32 SUM of the replicas’ gradients onto GPU 0 — never divided by N', async () => {
    const engine = await engineWith(3);
    const detail = need(
      (await engine.step({ rows: batch(10, 1), readLoss: false, detail: { weight: followed } })).detail,
    );
    expect(detail.replicaGrads).toHaveLength(3);
    expect(detail.replicaGrads.every((g) => g !== 0)).toBe(true);
    expect(detail.summedGrad).toBe(detail.replicaGrads.reduce((s, g) => Math.fround(s + g), 0));
    expect(detail.gradient[followed]).toBe(detail.summedGrad);
  });

  it('replicates GPU 0’s parameters to every busy GPU at the start of each step, not after the optimizer step', async () => {
    const engine = await engineWith(4);
    const first = need(
      (await engine.step({ rows: batch(10, 2), readLoss: false, detail: { weight: 0 } })).detail,
    );
    expect(first.replicaParams).toHaveLength(4);
    for (const params of first.replicaParams) expect(params).toEqual(first.replicaParams[0]);
    // After the update, replica 1 still holds the old weights: nothing is broadcast at step time.
    const updated = await engine.readParams();
    const replica1 = engine.inspectDevices()[1]?.params;
    expect(replica1).toEqual(first.replicaParams[1]);
    expect(replica1).not.toEqual(updated);
    const second = need(
      (await engine.step({ rows: batch(10, 3), readLoss: false, detail: { weight: 0 } })).detail,
    );
    for (const params of second.replicaParams) expect(params).toEqual(updated);
  });

  it.each([
    [3, 4],
    [10, 8],
  ])('idle GPUs receive nothing: B = %i on %i GPUs', async (size, gpus) => {
    const engine = await engineWith(gpus);
    await engine.step({ rows: batch(size, 4), readLoss: false });
    const busy = chunkSizes(size, gpus).length;
    const devices = engine.inspectDevices();
    expect(devices).toHaveLength(gpus);
    for (const device of devices.slice(busy)) {
      const arrays = [device.params, ...device.activations, device.outputs, device.outputGrad, device.grad];
      for (const array of arrays) expect(array.every((v) => v === 0)).toBe(true);
    }
    // The busy ones did receive their chunk: GPU 1's first input row is the batch's second chunk's first row.
    const rows = batch(size, 4);
    const row = rows[chunkSizes(size, gpus)[0] ?? 0] ?? 0;
    expect(Array.from(devices[1]?.activations[0]?.subarray(0, 5) ?? [])).toEqual(
      Array.from(dataset.x.subarray(row * 5, row * 5 + 5)),
    );
  });

  it("'inside-forward' equals 'gathered' for equal chunks and weighs a small last chunk double (4, 4, 2)", async () => {
    const gradient = async (gpus: number, size: number, lossPlacement: 'gathered' | 'inside-forward') => {
      const engine = await engineWith(gpus);
      const request = {
        rows: batch(size, 6),
        readLoss: true,
        update: false,
        lossPlacement,
        detail: { weight: 0 },
      };
      return need((await engine.step(request)).detail).gradient;
    };
    expect(
      maxAbsDiff(await gradient(2, 8, 'inside-forward'), await gradient(2, 8, 'gathered')),
    ).toBeLessThanOrEqual(1e-6);
    const inside = await gradient(3, 10, 'inside-forward');
    expect(maxAbsDiff(inside, await gradient(3, 10, 'gathered'))).toBeGreaterThan(1e-3);
    // What it should be: the mean over the 3 replicas of each chunk's own mean-loss gradient.
    const spec = config(1).model;
    const params = await (await engineWith(1)).readParams();
    const expected = new Float32Array(paramLayout(spec).count);
    const rows = batch(10, 6);
    for (const [start, end] of [
      [0, 4],
      [4, 8],
      [8, 10],
    ] as const) {
      const chunk = rows.subarray(start, end);
      const x = new Float32Array(chunk.length * 5);
      for (const [r, row] of chunk.entries()) x.set(dataset.x.subarray(row * 5, row * 5 + 5), r * 5);
      const pass = forward(spec, params, x, chunk.length);
      const { dlogits } = softmaxCrossEntropy(
        pass.logits,
        Uint32Array.from(chunk, (row) => dataset.y[row] ?? 0),
        chunk.length,
        3,
      );
      backward(spec, params, pass, dlogits, chunk.length).forEach((g, k) => {
        expected[k] = (expected[k] ?? 0) + g / 3;
      });
    }
    expect(maxAbsDiff(inside, expected)).toBeLessThanOrEqual(1e-6);
  });

  it('steps the optimizer on GPU 0 only, with the reference rule, and skips it when update is false', async () => {
    const engine = await engineWith(2);
    const before = await engine.readParams();
    await engine.step({ rows: batch(20, 7), readLoss: false, update: false });
    expect(await engine.readParams()).toEqual(before);
    const detail = need(
      (await engine.step({ rows: batch(20, 7), readLoss: false, detail: { weight: 0 } })).detail,
    );
    const expected = before.slice();
    optimizerStep(config(2).optimizer, expected, detail.gradient, createOptimizerState(expected.length));
    expect(await engine.readParams()).toEqual(expected);
  });
});
