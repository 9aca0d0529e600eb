/**
 * Shared helpers for the GPU tests: seeded data sets, a seeded batch sampler, and a comparison that
 * reports the worst element instead of failing on the first.
 */
import { seededRandom } from '../../random/seeded';
import type { Dataset, EngineConfig } from '../../train/engine';
import { acquireDevice } from '../device';

/** One device for a whole test file (creating devices is slow on a software GPU). */
export async function testDevice(): Promise<GPUDevice> {
  return (await acquireDevice()).device;
}

/** A seeded data set of gaussian features with random labels. */
export function randomDataset(count: number, features: number, classes: number, seed: number): Dataset {
  const random = seededRandom(seed);
  const x = new Float32Array(count * features);
  for (let k = 0; k < x.length; k++) x[k] = random.normal();
  const y = new Uint32Array(count);
  for (let r = 0; r < count; r++) y[r] = random.int(0, classes - 1);
  return { x, y, count, features, classes };
}

/** Two interleaved spiral arms (the learning test's data), seeded. */
export function twoSpirals(count: number, noise: number, seed: number): Dataset {
  const random = seededRandom(seed);
  const x = new Float32Array(count * 2);
  const y = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const t = Math.floor(i / 2) / Math.max(1, Math.floor(count / 2) - 1);
    const radius = 0.1 + 0.9 * t;
    const angle = 1.5 * 2 * Math.PI * t + Math.PI * label;
    x[2 * i] = radius * Math.cos(angle) + noise * random.normal();
    x[2 * i + 1] = radius * Math.sin(angle) + noise * random.normal();
    y[i] = label;
  }
  return { x, y, count, features: 2, classes: 2 };
}

/** `batch` distinct-ish row indices drawn with a seeded generator. */
export function randomRows(batch: number, count: number, seed: number): Uint32Array {
  const random = seededRandom(seed);
  const rows = new Uint32Array(batch);
  for (let r = 0; r < batch; r++) rows[r] = random.int(0, count - 1);
  return rows;
}

/** The rows `rows` of `x` (`features` wide), gathered into one array. */
export function pickRows(x: Float32Array, rows: ArrayLike<number>, features: number): Float32Array {
  const out = new Float32Array(rows.length * features);
  for (let r = 0; r < rows.length; r++)
    out.set(x.subarray((rows[r] as number) * features, ((rows[r] as number) + 1) * features), r * features);
  return out;
}

/**
 * The largest violation of |a − e| ≤ rel·|e| + abs over the arrays, as a ratio (≤ 1 passes), and where.
 * Lengths must match.
 */
export function worstError(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rel = 1e-4,
  abs = 1e-6,
): { ratio: number; index: number; actual: number; expected: number } {
  if (actual.length !== expected.length) {
    return { ratio: Number.POSITIVE_INFINITY, index: -1, actual: actual.length, expected: expected.length };
  }
  let worst = { ratio: 0, index: -1, actual: 0, expected: 0 };
  for (let k = 0; k < expected.length; k++) {
    const a = actual[k] as number;
    const e = expected[k] as number;
    // NaN matches NaN (divergence must flow through identically); NaN against a number never passes.
    const ratio =
      Number.isNaN(a) || Number.isNaN(e)
        ? Number.isNaN(a) && Number.isNaN(e)
          ? 0
          : Number.POSITIVE_INFINITY
        : a === e
          ? 0
          : Math.abs(a - e) / (rel * Math.abs(e) + abs);
    if (ratio > worst.ratio) worst = { ratio, index: k, actual: a, expected: e };
  }
  return worst;
}

/** The largest |a − e|. */
export function maxAbsDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = actual.length === expected.length ? 0 : Number.POSITIVE_INFINITY;
  for (let k = 0; k < Math.min(actual.length, expected.length); k++) {
    worst = Math.max(worst, Math.abs((actual[k] as number) - (expected[k] as number)));
  }
  return worst;
}

/** A configuration with defaults for everything but what a test cares about. */
export function configFor(dataset: Dataset, overrides: Partial<EngineConfig> = {}): EngineConfig {
  return {
    gpus: 1,
    model: { layers: [dataset.features, 8, dataset.classes], activation: 'relu' },
    optimizer: { kind: 'sgd', lr: 0.1 },
    seed: 7,
    dataset,
    maxBatch: 256,
    ...overrides,
  };
}
