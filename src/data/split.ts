/**
 * A seeded train/test split, so a held-out accuracy means the same rows for the same seed on every
 * engine and every reload.
 */
import { seededRandom, shuffledIndices } from '../random/seeded';
import type { Dataset } from '../train/engine';

/** The rows of `dataset` named by `rows`, in that order, as a new data set. */
export function selectRows(dataset: Dataset, rows: ArrayLike<number>): Dataset {
  const { features } = dataset;
  const x = new Float32Array(rows.length * features);
  const y = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    x.set(dataset.x.subarray(r * features, (r + 1) * features), i * features);
    y[i] = dataset.y[r] as number;
  }
  return { x, y, count: rows.length, features, classes: dataset.classes };
}

export type Split = { train: Dataset; test: Dataset };

/**
 * Shuffle the rows with `seed` and hold out `testFraction` of them (rounded, at least one row each side).
 * @throws RangeError when the fraction is not in (0, 1) or there are fewer than two rows.
 */
export function splitDataset(dataset: Dataset, testFraction: number, seed: number): Split {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new RangeError(`the test fraction must be between 0 and 1, got ${String(testFraction)}`);
  }
  if (dataset.count < 2) throw new RangeError('a split needs at least two rows');
  const order = shuffledIndices(dataset.count, seededRandom(seed));
  const testCount = Math.min(dataset.count - 1, Math.max(1, Math.round(dataset.count * testFraction)));
  return {
    train: selectRows(dataset, order.subarray(testCount)),
    test: selectRows(dataset, order.subarray(0, testCount)),
  };
}
