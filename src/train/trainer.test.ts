import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeDigits } from '../data/digits';
import { defaultModel, loadDataset } from '../data/registry';
import type { OptimizerSpec } from '../nn/spec';
import { createCpuEngine } from './cpuEngine';
import type { Dataset, Engine, StepRequest, StepResult } from './engine';
import { createTrainer, type TrainerOptions, type TrainerStep } from './trainer';

const adam = (lr: number): OptimizerSpec => ({ kind: 'adam', lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
const noDigits = () => Promise.reject(new Error('not the digits'));

/** An engine that records every step request and can turn the loss of chosen steps into NaN. */
function spied(engine: Engine, poison: ReadonlySet<number> = new Set()) {
  const requests: StepRequest[] = [];
  const wrapped: Engine = Object.create(engine, {
    step: {
      value: async (request: StepRequest): Promise<StepResult> => {
        requests.push(request);
        const result = await engine.step(request);
        return poison.has(requests.length) ? { ...result, loss: Number.NaN } : result;
      },
    },
  });
  return { engine: wrapped, requests };
}

async function setup(
  options: { data?: Dataset; gpus?: number; optimizer?: OptimizerSpec; seed?: number; batch?: number } = {},
) {
  const seed = options.seed ?? 1;
  const batch = options.batch ?? 32;
  const train = options.data ?? (await loadDataset({ id: 'spiral', seed }, noDigits)).train;
  const engine = createCpuEngine();
  await engine.configure({
    gpus: options.gpus ?? 2,
    model: { layers: [train.features, 16, 16, train.classes], activation: 'relu' },
    optimizer: options.optimizer ?? adam(0.02),
    seed,
    dataset: train,
    maxBatch: batch,
  });
  return { engine, train, seed, batch };
}

async function losses(trainer: { step(): Promise<TrainerStep> }, steps: number): Promise<number[]> {
  const out: number[] = [];
  for (let s = 0; s < steps; s++) {
    const result = await trainer.step();
    if (result.kind !== 'stepped' || result.loss === undefined) throw new Error(`step ${s} gave no loss`);
    out.push(result.loss);
  }
  return out;
}

describe('createTrainer', () => {
  it('gives the same loss curve for the same seed and another for another seed', async () => {
    const curve = async (seed: number) => {
      const { engine, train, batch } = await setup({ seed });
      return losses(await createTrainer({ engine, train, batch, seed }), 40);
    };
    const a = await curve(4);
    expect(await curve(4)).toEqual(a);
    expect(await curve(5)).not.toEqual(a);
    expect(a.at(-1)).toBeLessThan(a[0] ?? 0);
  });

  it('trains on every row exactly once per epoch, with the short last batch', async () => {
    const { engine, train } = await setup({ batch: 64 });
    const spy = spied(engine);
    const trainer = await createTrainer({ engine: spy.engine, train, batch: 64, seed: 2 });
    const perEpoch = Math.ceil(train.count / 64); // 400 rows → 6 × 64 + 16
    for (let s = 0; s < 2 * perEpoch; s++) {
      const next = Array.from(trainer.nextBatchRows());
      await trainer.step();
      expect(Array.from(spy.requests.at(-1)?.rows ?? [])).toEqual(next);
    }
    for (let epoch = 0; epoch < 2; epoch++) {
      const batches = spy.requests
        .slice(epoch * perEpoch, (epoch + 1) * perEpoch)
        .map((r) => Array.from(r.rows));
      expect(batches.map((b) => b.length)).toEqual([64, 64, 64, 64, 64, 64, 16]);
      expect(batches.flat().sort((p, q) => p - q)).toEqual(Array.from({ length: train.count }, (_, i) => i));
    }
    expect([trainer.stepCount, trainer.epoch]).toEqual([2 * perEpoch, 2]);
  });

  it('reads the loss back only every K steps, and on snapshot steps', async () => {
    const { engine, train, batch } = await setup();
    const spy = spied(engine);
    const trainer = await createTrainer({
      engine: spy.engine,
      train,
      batch,
      seed: 1,
      lossEvery: 4,
      snapshotEvery: 10,
    });
    const results = [];
    for (let s = 0; s < 12; s++) results.push(await trainer.step());
    // Step s+1 reads when (s+1) % 4 == 0, or when a snapshot was taken before it (after 10 steps).
    const expected = [4, 8, 11, 12];
    expect(spy.requests.flatMap((r, i) => (r.readLoss ? [i + 1] : []))).toEqual(expected);
    expect(results.flatMap((r) => (r.kind === 'stepped' && r.loss !== undefined ? [r.step] : []))).toEqual(
      expected,
    );
  });

  it('detects a NaN loss at that very step and restores the last snapshot known to train', async () => {
    const { engine, train, batch } = await setup({ optimizer: { kind: 'sgd', lr: 0.1 } });
    const reference = await createTrainer({ engine, train, batch, seed: 1 });
    await losses(reference, 10);
    const atTen = await reference.capture();

    const fresh = await setup({ optimizer: { kind: 'sgd', lr: 0.1 } });
    const spy = spied(fresh.engine, new Set([13]));
    const trainer = await createTrainer({ engine: spy.engine, train, batch, seed: 1, snapshotEvery: 5 });
    await losses(trainer, 12);
    const result = await trainer.step();
    expect(result).toMatchObject({ kind: 'diverged', step: 13, restoredStep: 10 });
    expect(result.kind === 'diverged' && result.message).toMatch(/NaN.*learning rate/);
    expect(trainer.stepCount).toBe(10);
    expect(await fresh.engine.readParams()).toEqual(atTen.params);
    // Training goes on from the restored step with the same batches as before (SGD keeps no state).
    expect(Array.from(trainer.nextBatchRows())).toEqual(Array.from(reference.nextBatchRows()));
    expect(await losses(trainer, 3)).toEqual(await losses(reference, 3));
  });

  it('stops a really divergent learning rate within one step and keeps finite weights', async () => {
    const { engine, train, batch } = await setup({ optimizer: { kind: 'sgd', lr: 1e30 } });
    const spy = spied(engine);
    const trainer = await createTrainer({ engine: spy.engine, train, batch, seed: 1, snapshotEvery: 1 });
    const initial = await engine.readParams();
    let result: TrainerStep | null = null;
    for (let s = 0; s < 20 && result?.kind !== 'diverged'; s++) result = await trainer.step();
    expect(result?.kind).toBe('diverged');
    if (result?.kind !== 'diverged') return;
    // The first non-finite loss the engine returned is the step reported.
    const firstBad = spy.requests.length;
    expect(result.step).toBe(firstBad);
    expect(result.restoredStep).toBe(trainer.stepCount);
    expect(result.restoredStep).toBeLessThan(result.step);
    const params = await engine.readParams();
    expect(params.every(Number.isFinite)).toBe(true);
    if (result.restoredStep === 0) expect(params).toEqual(initial);
    expect(trainer.lastSnapshot()).toMatchObject({ step: result.restoredStep });
  });

  it('stops a loss that runs away without overflowing (SGD at lr 10 on a ReLU net)', async () => {
    const { engine, train, batch } = await setup({ optimizer: { kind: 'sgd', lr: 10 } });
    const trainer = await createTrainer({ engine, train, batch, seed: 1 });
    let result: TrainerStep | null = null;
    for (let s = 0; s < 300 && result?.kind !== 'diverged'; s++) result = await trainer.step();
    expect(result?.kind).toBe('diverged');
    expect(result?.kind === 'diverged' && result.message).toMatch(
      /uniform guess.*learning rate is too large/,
    );
  });

  it('does not call a healthy run divergent', async () => {
    const { engine, train, batch } = await setup();
    const trainer = await createTrainer({ engine, train, batch, seed: 1 });
    for (let s = 0; s < 200; s++) expect((await trainer.step()).kind).toBe('stepped');
  });

  it('returns to a captured state and repeats the same steps from there', async () => {
    const { engine, train, batch } = await setup({ optimizer: { kind: 'sgd', lr: 0.2 } });
    const trainer = await createTrainer({ engine, train, batch, seed: 3 });
    await losses(trainer, 7);
    const saved = await trainer.capture();
    const ahead = await losses(trainer, 5);
    await trainer.restore(saved);
    expect(trainer.stepCount).toBe(7);
    expect(await losses(trainer, 5)).toEqual(ahead);
    await expect(trainer.restore({ ...saved, params: saved.params.map(() => Number.NaN) })).rejects.toThrow(
      /not finite/,
    );
  });

  it('returns per-replica detail on a detailed step and scores accuracy every A steps', async () => {
    const { engine, train } = await setup({ gpus: 3, batch: 10 });
    const trainer = await createTrainer({ engine, train, batch: 10, seed: 1, accuracyEvery: 2 });
    const before = (await engine.readParams())[5] ?? Number.NaN;
    const first = await trainer.stepDetailed(5);
    expect(first.kind === 'stepped' && first.detail?.chunkRows.map((rows) => rows.length)).toEqual([4, 4, 2]);
    // The followed weight after the optimizer step is GPU 0's parameter now, and it moved.
    const after = first.kind === 'stepped' ? first.detail?.weightAfter : undefined;
    expect(after).toBe((await engine.readParams())[5]);
    expect(after).not.toBe(before);
    expect(first.kind === 'stepped' && first.accuracy).toBeUndefined();
    const second = await trainer.step();
    expect(second.kind === 'stepped' && second.accuracy?.step).toBe(2);
    expect(trainer.lastAccuracy()?.test).toBeNull();
    await expect(trainer.stepDetailed(-1)).rejects.toThrow(RangeError);
  });

  it('refuses bad cadences', async () => {
    const { engine, train } = await setup();
    const base: TrainerOptions = { engine, train, batch: 8, seed: 1 };
    await expect(createTrainer({ ...base, batch: 0 })).rejects.toThrow(RangeError);
    await expect(createTrainer({ ...base, lossEvery: 0 })).rejects.toThrow(RangeError);
    await expect(createTrainer({ ...base, snapshotEvery: 1.5 })).rejects.toThrow(RangeError);
  });
});

describe('learning on the CPU engine', () => {
  it('spiral (2 classes, 400 points) reaches ≥ 97% train accuracy in 600 steps', async () => {
    const { engine, train, batch } = await setup({ seed: 1, batch: 32 });
    const trainer = await createTrainer({ engine, train, batch, seed: 1, lossEvery: 100 });
    for (let s = 0; s < 600; s++) await trainer.step();
    expect((await trainer.evaluate()).train).toBeGreaterThanOrEqual(0.97);
  });

  it('digits (64→32→10) reaches ≥ 90% test accuracy in 300 steps', async () => {
    const all = decodeDigits(readFileSync(new URL('../../public/data/digits.bin', import.meta.url)));
    const { train, test } = await loadDataset({ id: 'digits', seed: 1 }, async () => all);
    const engine = createCpuEngine();
    await engine.configure({
      gpus: 4,
      model: defaultModel('digits'),
      optimizer: adam(0.01),
      seed: 1,
      dataset: train,
      maxBatch: 64,
    });
    const trainer = await createTrainer({ engine, train, test, batch: 64, seed: 1, lossEvery: 50 });
    for (let s = 0; s < 300; s++) await trainer.step();
    const accuracy = await trainer.evaluate();
    expect(accuracy.test).toBeGreaterThanOrEqual(0.9);
    expect(accuracy.train).toBeGreaterThanOrEqual(0.9);
  });
});

describe('a trainer started from a snapshot', () => {
  it('continues exactly where a trainer with that snapshot would, without reading the engine back', async () => {
    const { engine, train, seed, batch } = await setup();
    const options = { train, batch, seed };
    const first = await createTrainer({ ...options, engine });
    for (let i = 0; i < 7; i++) await first.step();
    const at = await first.capture();
    const next = await first.step();

    let reads = 0;
    const counted: Engine = Object.create(engine, {
      readParams: {
        value: () => {
          reads++;
          return engine.readParams();
        },
      },
    });
    const resumed = await createTrainer({ ...options, engine: counted, from: at });
    expect(reads).toBe(0);
    expect(resumed.position()).toEqual({ step: 7, sampler: at.sampler });
    expect(resumed.lastSnapshot().params).toEqual(at.params);
    const again = await resumed.step();
    expect(again.kind === 'stepped' && again.loss).toBe(next.kind === 'stepped' && next.loss);
  });
});
