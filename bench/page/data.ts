/**
 * The training data every engine sees, and the fixed sequence of batches they all step through.
 *
 * "toy" is the page's own seeded spiral; "digits" is the real 8×8 digits file the page ships. Rows are
 * cut into batches once, from a seeded permutation, and the steps cycle through those batches, so
 * step k uses the same rows on every engine and the final losses are comparable.
 */
import digitsUrl from '../../public/data/digits.bin?url';
import { loadDigits } from '../../src/data/digits';
import { spiral } from '../../src/data/planar';
import { seededRandom, shuffledIndices } from '../../src/random/seeded';
import type { Dataset } from '../../src/train/engine';
import type { BenchConfig } from './configs';

export type BenchData = {
  dataset: Dataset;
  /** Dataset row indices of each batch; step k uses `batches[k % batches.length]`. */
  batches: Uint32Array[];
};

/** Enough spiral points for four distinct batches, so the steps do not all see the same rows. */
const TOY_BATCHES = 4;

async function datasetFor(config: BenchConfig): Promise<Dataset> {
  if (config.name === 'digits') return loadDigits(digitsUrl);
  return spiral({ count: TOY_BATCHES * config.batch, classes: 2, noise: 0.03, seed: config.seed });
}

export async function benchData(config: BenchConfig): Promise<BenchData> {
  const dataset = await datasetFor(config);
  const count = Math.floor(dataset.count / config.batch);
  if (count < 1)
    throw new Error(`${config.name}: ${dataset.count} rows cannot fill a batch of ${config.batch}`);
  const order = shuffledIndices(dataset.count, seededRandom(config.seed));
  const batches = Array.from({ length: count }, (_, b) =>
    order.slice(b * config.batch, (b + 1) * config.batch),
  );
  return { dataset, batches };
}
