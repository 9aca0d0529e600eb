import { describe, expect, it } from 'vitest';
import { chunkSizes } from '../../dp/chunk';
import { ringRoundCount } from '../../dp/ring';
import { backward } from '../../nn/cpu/backward';
import { forward } from '../../nn/cpu/forward';
import { softmaxCrossEntropy } from '../../nn/cpu/loss';
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
const MODEL = { layers: [5, 16, 12, 3], activation: 'relu' } as const;

function config(gpus: number, mode: 'dp' | 'ddp'): EngineConfig {
  return {
    gpus,
    mode,
    model: MODEL,
    optimizer: { kind: 'momentum', lr: 0.1, momentum: 0.9 },
    seed: 5,
    dataset,
    maxBatch: 256,
  };
}

async function engineWith(gpus: number, mode: 'dp' | 'ddp') {
  const engine = createCpuEngine();
  await engine.configure(config(gpus, mode));
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

function need(detail: StepDetail | undefined): StepDetail & { ddp: NonNullable<StepDetail['ddp']> } {
  if (detail?.ddp === undefined) throw new Error('the step returned no DDP detail');
  return detail as StepDetail & { ddp: NonNullable<StepDetail['ddp']> };
}

/** A chunk's mean-loss gradient, computed from scratch with the reference functions (no engine). */
function chunkGradient(params: Float32Array, rows: Uint32Array): Float32Array {
  const x = new Float32Array(rows.length * dataset.features);
  const y = new Uint32Array(rows.length);
  for (const [r, row] of rows.entries()) {
    x.set(dataset.x.subarray(row * dataset.features, (row + 1) * dataset.features), r * dataset.features);
    y[r] = dataset.y[row] as number;
  }
  const pass = forward(MODEL, params, x, rows.length);
  const { dlogits } = softmaxCrossEntropy(pass.logits, y, rows.length, dataset.classes);
  return backward(MODEL, params, pass, dlogits, rows.length);
}

/** The mean over all N ranks of each rank's chunk-mean gradient (an idle rank contributes zero). */
function independentAverage(params: Float32Array, rows: Uint32Array, ranks: number): Float32Array {
  const average = new Float32Array(paramLayout(MODEL).count);
  let start = 0;
  for (const n of chunkSizes(rows.length, ranks)) {
    const grad = chunkGradient(params, rows.subarray(start, start + n));
    for (let k = 0; k < average.length; k++)
      average[k] = (average[k] as number) + (grad[k] as number) / ranks;
    start += n;
  }
  return average;
}

const followed = paramLayout(MODEL).slots[2]?.bias ?? 0;

describe('a DistributedDataParallel step on the CPU engine', () => {
  it.each([1, 2, 3, 4, 8])(
    'on %i ranks: every rank’s averaged gradient is the mean of the ranks’ own mean-loss gradients, B ∈ {1, 3, 10, 64, 256}',
    async (ranks) => {
      const engine = await engineWith(ranks, 'ddp');
      for (const size of [1, 3, 10, 64, 256]) {
        const rows = batch(size, size);
        const params = await engine.readParams();
        const detail = need(
          (await engine.step({ rows, readLoss: true, detail: { weight: followed } })).detail,
        );
        const expected = independentAverage(params, rows, ranks);
        for (const device of engine.inspectDevices()) {
          expect(maxAbsDiff(device.grad, expected)).toBeLessThanOrEqual(1e-5);
        }
        expect(detail.ddp.averagedGrads).toHaveLength(ranks);
        for (const g of detail.ddp.averagedGrads) expect(g).toBe(detail.ddp.averagedGrads[0]);
        expect(detail.ddp.ranksIdentical).toBe(true);
        expect(detail.ddp.largestRankSpread).toBe(0);
        expect(detail.ddp.ringValues).toHaveLength(ringRoundCount(ranks));
        expect(detail.ddp.chunkSizes.filter((n) => n > 0)).toEqual(chunkSizes(size, ranks));
        expect(detail.gathered).toHaveLength(0); // nothing is gathered in DDP
      }
      // After five updates every rank still holds the same parameters.
      const devices = engine.inspectDevices();
      for (const device of devices) expect(device.params).toEqual(devices[0]?.params);
    },
  );

  it.each([
    [2, 64],
    [4, 256],
    [8, 64],
    [3, 3],
  ])('with equal chunks (%i ranks, B = %i) it equals DataParallel’s gradient', async (ranks, size) => {
    const rows = batch(size, 7);
    const request = { rows, readLoss: true, update: false, detail: { weight: followed } };
    const dp = (await (await engineWith(ranks, 'dp')).step(request)).detail;
    const ddp = need((await (await engineWith(ranks, 'ddp')).step(request)).detail);
    expect(maxAbsDiff(ddp.gradient, dp?.gradient ?? new Float32Array())).toBeLessThanOrEqual(1e-5);
    expect(ddp.ddp.largestDifferenceFromFullBatch).toBeLessThanOrEqual(1e-6);
    expect(ddp.loss).toBeCloseTo(dp?.loss ?? Number.NaN, 5);
  });

  it('with unequal chunks (4, 4, 2) a sample weighs 1/(N·nᵢ), so it differs from DataParallel’s', async () => {
    const rows = batch(10, 8);
    const request = { rows, readLoss: true, update: false, detail: { weight: followed } };
    const dp = (await (await engineWith(3, 'dp')).step(request)).detail;
    const ddp = need((await (await engineWith(3, 'ddp')).step(request)).detail);
    const difference = maxAbsDiff(ddp.gradient, dp?.gradient ?? new Float32Array());
    expect(difference).toBeGreaterThan(1e-3);
    expect(ddp.ddp.largestDifferenceFromFullBatch).toBeCloseTo(difference, 5);
    // DDP's reconstruction of the full-batch gradient is DataParallel's.
    expect(ddp.ddp.fullBatchGrad).toBeCloseTo(dp?.gradient[followed] ?? Number.NaN, 6);
    // An idle-free split weighs: g = Σ gᵢ / 3, each gᵢ its chunk's mean.
    const [g0, g1, g2] = ddp.ddp.localGrads as [number, number, number];
    expect(ddp.ddp.averagedGrads[0]).toBeCloseTo((g0 + g1 + g2) / 3, 6);
    expect(ddp.ddp.fullBatchGrad).toBeCloseTo(0.4 * g0 + 0.4 * g1 + 0.2 * g2, 6);
  });

  it('an idle rank joins the ring with a zero gradient and the sum is still ÷ N (B = 3 on 4 ranks)', async () => {
    const engine = await engineWith(4, 'ddp');
    const detail = need(
      (await engine.step({ rows: batch(3, 9), readLoss: true, detail: { weight: followed } })).detail,
    );
    expect(detail.ddp.chunkSizes).toEqual([1, 1, 1, 0]);
    expect(detail.ddp.rankLosses[3]).toBeNull();
    expect(detail.ddp.localGrads[3]).toBe(0);
    const [g0, g1, g2] = detail.ddp.localGrads as [number, number, number];
    expect(detail.ddp.averagedGrads[3]).toBeCloseTo((g0 + g1 + g2) / 4, 6);
    expect(detail.ddp.ranksIdentical).toBe(true);
  });

  it('records the ring’s real partial sums: reduce-scatter adds, all-gather copies the complete sum', async () => {
    const engine = await engineWith(3, 'ddp');
    const detail = need(
      (await engine.step({ rows: batch(9, 10), readLoss: true, detail: { weight: followed } })).detail,
    );
    const { ringStart, ringValues, followedSegment, localGrads, averagedGrads } = detail.ddp;
    for (const [r, v] of ringStart.entries()) expect(v).toBe(Math.fround((localGrads[r] as number) / 3));
    // After reduce-scatter the complete sum of segment s sits on rank (s − 1) mod N.
    const owner = (followedSegment + 2) % 3;
    expect(ringValues[1]?.[owner]).toBeCloseTo(averagedGrads[0] as number, 7);
    expect(ringValues[3]).toEqual(averagedGrads);
    // Partial sums really are partial: some rank holds a two-term sum after round 0.
    expect(ringValues[0]?.some((v, r) => v !== ringStart[r])).toBe(true);
  });

  it('switching modes keeps the weights: DDP’s wrap broadcasts rank 0’s parameters once, DP carries on from them', async () => {
    const engine = await engineWith(4, 'dp');
    await engine.step({ rows: batch(12, 11), readLoss: false });
    const before = await engine.readParams();
    await engine.setMode('ddp');
    for (const device of engine.inspectDevices()) expect(device.params).toEqual(before);
    await engine.step({ rows: batch(12, 12), readLoss: false });
    const afterDdp = await engine.readParams();
    expect(afterDdp).not.toEqual(before);
    await engine.setMode('dp');
    expect(await engine.readParams()).toEqual(afterDdp);
    const stats = engine.stats();
    expect(stats.bytesPerDevice).toHaveLength(4);
  });
});
