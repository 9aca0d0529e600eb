/**
 * The data sets a learner can pick, with what the picker shows and the model each one trains by
 * default, and `loadDataset`, which turns a pick into the rows the engine trains on.
 */
import type { ModelSpec } from '../nn/spec';
import type { Dataset } from '../train/engine';
import { DIGITS_CREDIT } from './digits';
import { blobs, circles, moons, type PlanarOptions, spiral, xor } from './planar';
import { splitDataset } from './split';

export const DATASET_IDS = ['spiral', 'moons', 'circles', 'xor', 'blobs', 'digits'] as const;
export type DatasetId = (typeof DATASET_IDS)[number];

export type DatasetInfo = {
  id: DatasetId;
  /** Short name for the picker. */
  label: string;
  /** One sentence for a tooltip or the "About the data" line. */
  description: string;
  /** `planar`: generated 2-D points (a decision boundary can be drawn); `digits`: the 8×8 images. */
  kind: 'planar' | 'digits';
  features: number;
  /** Allowed and default class counts (fixed when min = max). */
  classes: { min: number; max: number; default: number };
  /** Default and largest sensible noise (gaussian std), or null when the data is not generated. */
  noise: { default: number; max: number } | null;
  /** Default number of generated points, or null for a fixed data set. */
  points: number | null;
  /** Hidden layer widths of the default model. */
  hidden: readonly number[];
  /** Attribution to show with the data, when it needs one. */
  credit: string | null;
};

const PLANAR_HIDDEN = [16, 16] as const;
const planar = (
  id: DatasetId,
  label: string,
  description: string,
  classes: DatasetInfo['classes'],
  noise: number,
): DatasetInfo => ({
  id,
  label,
  description,
  kind: 'planar',
  features: 2,
  classes,
  noise: { default: noise, max: 0.5 },
  points: 400,
  hidden: PLANAR_HIDDEN,
  credit: null,
});

/** Every data set, in picker order. */
export const DATASETS: readonly DatasetInfo[] = [
  planar('spiral', 'Spiral', 'Interleaved spiral arms, one per class.', { min: 2, max: 4, default: 2 }, 0.04),
  planar('moons', 'Moons', 'Two interlocking half circles.', { min: 2, max: 2, default: 2 }, 0.08),
  planar('circles', 'Circles', 'Concentric rings, one per class.', { min: 2, max: 4, default: 2 }, 0.05),
  planar('xor', 'XOR', 'Opposite quadrants share a class.', { min: 2, max: 2, default: 2 }, 0.05),
  planar('blobs', 'Blobs', 'Gaussian clusters around a circle.', { min: 2, max: 4, default: 3 }, 0.15),
  {
    id: 'digits',
    label: 'Digits (8×8)',
    description: '1,797 handwritten digits, 8×8 pixels, 10 classes; 20% held out for testing.',
    kind: 'digits',
    features: 64,
    classes: { min: 10, max: 10, default: 10 },
    noise: null,
    points: null,
    hidden: [32],
    credit: DIGITS_CREDIT,
  },
];

/** Half-width of the square the planar sets live in, with a margin: a decision map spans ±this. */
export const PLANAR_EXTENT = 1.25;

/** Share of the digits held out as the test set. */
export const DIGITS_TEST_FRACTION = 0.2;

/** Whether a string names a data set (for URL parsing). */
export function isDatasetId(value: string): value is DatasetId {
  return (DATASET_IDS as readonly string[]).includes(value);
}

/** The picker entry of a data set. */
export function datasetInfo(id: DatasetId): DatasetInfo {
  const info = DATASETS.find((entry) => entry.id === id);
  if (info === undefined) throw new RangeError(`unknown data set ${String(id)}`);
  return info;
}

/** The default MLP for a data set, e.g. 2→16→16→C for the planar sets and 64→32→10 for the digits. */
export function defaultModel(id: DatasetId, classes?: number): ModelSpec {
  const info = datasetInfo(id);
  return { layers: [info.features, ...info.hidden, classes ?? info.classes.default], activation: 'relu' };
}

export type DatasetChoice = {
  id: DatasetId;
  seed: number;
  /** Defaults to the data set's default. */
  classes?: number;
  noise?: number;
  /** Points to generate (planar sets only). */
  points?: number;
};

export type LoadedDataset = {
  info: DatasetInfo;
  /** The rows the engine trains on. */
  train: Dataset;
  /** Held-out rows, scored with `engine.predict` (the digits); null for generated sets. */
  test: Dataset | null;
};

const GENERATORS: Record<Exclude<DatasetId, 'digits'>, (options: PlanarOptions) => Dataset> = {
  spiral,
  moons,
  circles,
  xor,
  blobs,
};

/**
 * Make or load the rows for a choice. `digits` loads the shipped file (the caller says how, e.g.
 * `() => loadDigits(url)`) and splits it with the choice's seed.
 * @throws RangeError for options outside the data set's ranges; whatever `digits` throws.
 */
export async function loadDataset(
  choice: DatasetChoice,
  digits: () => Promise<Dataset>,
): Promise<LoadedDataset> {
  const info = datasetInfo(choice.id);
  if (choice.id === 'digits') {
    const { train, test } = splitDataset(await digits(), DIGITS_TEST_FRACTION, choice.seed);
    return { info, train, test };
  }
  const options: PlanarOptions = {
    count: choice.points ?? info.points ?? 400,
    classes: choice.classes ?? info.classes.default,
    noise: choice.noise ?? info.noise?.default ?? 0,
    seed: choice.seed,
  };
  if (options.classes < info.classes.min || options.classes > info.classes.max) {
    throw new RangeError(
      `${info.label} has ${info.classes.min}–${info.classes.max} classes, got ${String(options.classes)}`,
    );
  }
  return { info, train: GENERATORS[choice.id](options), test: null };
}
