/**
 * Exercise 7, "When more GPUs stop paying off": read DataParallel's modeled speed-up curve for one model
 * on one machine and find the fewest GPUs that no larger count beats by the stated share of speed-up
 * (`stopsPayingOff`). The configurations are picked so the answers spread from 1 (DataParallel
 * never helps a tiny model) to 8 (a big model keeps gaining).
 */
import { SCALING_MODELS, type ScalingModelId } from '../cost/models';
import { PRESETS, type PresetId } from '../cost/presets';
import { bestLaterGain, dpScaling, type Scaling, type SpeedupPoint, stopsPayingOff } from '../cost/speedup';
import type { OptimizerKind } from '../cost/work';
import { seededRandom } from '../random/seeded';
import { parseWhole } from './parse';
import { type Exercise, formatSlip, right, wrong } from './types';

export type ScalingInstance = {
  model: ScalingModelId;
  preset: PresetId;
  scaling: Scaling;
  /** Rows per GPU (`batch-per-gpu`) or of the whole batch (`fixed-batch`). */
  batch: number;
  optimizer: OptimizerKind;
  /** Smallest gain one more GPU must bring to pay off, e.g. 0.05 = 5 %. */
  tolerance: number;
};

type Setup = Pick<ScalingInstance, 'model' | 'preset' | 'scaling' | 'batch'>;

/** Setups whose curves tell different stories (each checked in the tests to stay varied). */
export const SCALING_SETUPS: readonly Setup[] = [
  { model: 'tiny', preset: 'a100-nvlink', scaling: 'batch-per-gpu', batch: 32 },
  { model: 'small', preset: 'a100-nvlink', scaling: 'fixed-batch', batch: 4096 },
  { model: 'small', preset: 't4-pcie', scaling: 'batch-per-gpu', batch: 4096 },
  { model: 'small', preset: 'v100-nvlink', scaling: 'batch-per-gpu', batch: 4096 },
  { model: 'large', preset: 'a100-nvlink', scaling: 'fixed-batch', batch: 256 },
  { model: 'large', preset: 'a100-nvlink', scaling: 'fixed-batch', batch: 1024 },
  { model: 'large', preset: 'v100-nvlink', scaling: 'fixed-batch', batch: 1024 },
  { model: 'large', preset: 't4-pcie', scaling: 'fixed-batch', batch: 4096 },
  { model: 'large', preset: 'v100-nvlink', scaling: 'fixed-batch', batch: 4096 },
  { model: 'large', preset: 'a100-nvlink', scaling: 'batch-per-gpu', batch: 1024 },
];

export const SCALING_TOLERANCES = [0.05, 0.1] as const;

/** The modeled speed-up for 1..8 GPUs of this instance's machine. */
export function scalingCurve(instance: ScalingInstance): SpeedupPoint[] {
  const { model, preset, scaling, batch, optimizer } = instance;
  const curve = dpScaling({ model: SCALING_MODELS[model].model, optimizer, batch, scaling }, preset);
  if (!curve.ok) throw new Error(curve.error.message);
  return curve.value;
}

/** How much faster the best larger GPU count is than point `i`, as the table shows it ("—" for the last). */
export function laterGainText(points: readonly SpeedupPoint[], i: number): string {
  const gain = bestLaterGain(points, i);
  if (gain === undefined) return '—';
  const percent = gain * 100;
  const digits = Math.abs(percent) < 10 ? 1 : 0;
  return `${percent < 0 ? '−' : '+'}${Math.abs(percent).toFixed(digits)} %`;
}

/** Smallest distance between a step's gain and the tolerance for the table to read unambiguously. */
export const CLEAR_MARGIN = 0.002;

/** Decimals of the speed-ups in the table the learner reads (and computes the gains from). */
export const SHOWN_DIGITS = 3;

/** The curve as the table shows it: speed-ups rounded to `SHOWN_DIGITS`. */
export function shownCurve(points: readonly SpeedupPoint[]): SpeedupPoint[] {
  return points.map((point) => ({ ...point, speedup: Number(point.speedup.toFixed(SHOWN_DIGITS)) }));
}

/**
 * Whether the learner, working from the table's rounded speed-ups alone, reaches the same answer, with
 * no comparison so close to the tolerance that the rounding could tip it.
 */
export function isClearCut(instance: ScalingInstance): boolean {
  const points = scalingCurve(instance);
  const clear = points.every((_, i) => {
    const gain = bestLaterGain(points, i);
    return gain === undefined || Math.abs(gain - instance.tolerance) >= CLEAR_MARGIN;
  });
  const tolerance = instance.tolerance;
  return clear && stopsPayingOff(shownCurve(points), tolerance) === stopsPayingOff(points, tolerance);
}

/** Describes the instance for the learner. */
export function describeScaling(instance: ScalingInstance): string {
  const model = SCALING_MODELS[instance.model].label;
  const machine = PRESETS[instance.preset].label;
  const batch =
    instance.scaling === 'batch-per-gpu'
      ? `${instance.batch} samples per GPU (the batch grows with the GPUs)`
      : `one batch of ${instance.batch} samples split over the GPUs`;
  return `${model} on ${machine}, ${batch}.`;
}

function explain(instance: ScalingInstance, points: readonly SpeedupPoint[], answer: number): string {
  const tolerance = `${Math.round(instance.tolerance * 100)} %`;
  const at = points.findIndex((point) => point.gpus === answer);
  const here = points[at];
  if (!here) return '';
  const gain = bestLaterGain(points, at);
  if (gain === undefined) {
    return `At every smaller count, some larger count is at least ${tolerance} faster, so GPUs keep paying off up to the last point, ${answer}.`;
  }
  const earlier =
    at > 0 ? ' Every smaller count is beaten by at least that much somewhere further along the curve.' : '';
  return `With ${answer} GPU${answer === 1 ? '' : 's'} the modeled speed-up is ${here.speedup.toFixed(2)}×, and no larger count does more than ${tolerance} better (the best gains ${(gain * 100).toFixed(1)} %).${earlier}`;
}

export const scalingExercise: Exercise<ScalingInstance, string> = {
  id: 'scaling',
  title: 'When more GPUs stop paying off',
  generate(seed) {
    const random = seededRandom(seed);
    let instance: ScalingInstance | undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      const setup = SCALING_SETUPS[random.int(0, SCALING_SETUPS.length - 1)] ?? (SCALING_SETUPS[0] as Setup);
      instance = {
        ...setup,
        optimizer: random.next() < 0.5 ? 'sgd' : 'adam',
        tolerance: SCALING_TOLERANCES[random.int(0, SCALING_TOLERANCES.length - 1)] ?? 0.05,
      };
      if (isClearCut(instance)) return instance;
    }
    return instance ?? { ...(SCALING_SETUPS[0] as Setup), optimizer: 'sgd', tolerance: 0.05 };
  },
  solve: (instance) => String(stopsPayingOff(scalingCurve(instance), instance.tolerance)),
  hint: (instance) =>
    `Start at 1 GPU: is any larger count at least ${Math.round(instance.tolerance * 100)} % faster? If so, move on to 2, and so on. Divide the two speed-ups to compare.`,
  check(instance, answer) {
    const points = scalingCurve(instance);
    const expected = stopsPayingOff(points, instance.tolerance);
    const typed = parseWhole(answer);
    if (typed === null) return formatSlip('type one whole number of GPUs, from 1 to 8.');
    const why = explain(instance, points, expected);
    if (typed === expected) return right(why);
    const best = points.reduce((top, point) => (point.speedup > top.speedup ? point : top));
    const tolerance = `${Math.round(instance.tolerance * 100)} %`;
    const mistake =
      typed === best.gpus && best.gpus !== expected
        ? `${best.gpus} GPUs give the highest speed-up, but a smaller count already comes within ${tolerance} of it.`
        : typed < expected
          ? `Some count larger than ${typed} is more than ${tolerance} faster than ${typed}.`
          : `A smaller count than ${typed} is already within ${tolerance} of every larger count.`;
    return wrong(`The answer is ${expected}. ${mistake} ${why}`, mistake);
  },
};
