/**
 * Exercise 7, "When more GPUs stop paying off": read DataParallel's modeled speed-up curve for one model
 * on one machine and find the GPU count after which one more GPU adds less than the stated share of
 * speed-up (`stopsPayingOff`). The configurations are picked so the answers spread from 1 (DataParallel
 * never helps a tiny model) to 8 (a big model keeps gaining).
 */
import { SCALING_MODELS, type ScalingModelId } from '../cost/models';
import { PRESETS, type PresetId } from '../cost/presets';
import { dpScaling, type Scaling, type SpeedupPoint, stopsPayingOff } from '../cost/speedup';
import type { OptimizerKind } from '../cost/work';
import { seededRandom } from '../random/seeded';
import { parseWhole } from './parse';
import { type Exercise, right, wrong } from './types';

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
const SETUPS: readonly Setup[] = [
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

const TOLERANCES = [0.05, 0.1] as const;

/** The modeled speed-up for 1..8 GPUs of this instance's machine. */
export function scalingCurve(instance: ScalingInstance): SpeedupPoint[] {
  const { model, preset, scaling, batch, optimizer } = instance;
  const curve = dpScaling({ model: SCALING_MODELS[model].model, optimizer, batch, scaling }, preset);
  if (!curve.ok) throw new Error(curve.error.message);
  return curve.value;
}

/** A gain as a signed percentage, e.g. "+3.8 %" or "−12 %". */
function gain(from: SpeedupPoint, to: SpeedupPoint): string {
  const percent = (to.speedup / from.speedup - 1) * 100;
  const digits = Math.abs(percent) < 10 ? 1 : 0;
  return `${percent < 0 ? '−' : '+'}${Math.abs(percent).toFixed(digits)} %`;
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
  const here = points.find((point) => point.gpus === answer);
  const next = points.find((point) => point.gpus === answer + 1);
  if (!here) return '';
  if (!next) {
    return `Every extra GPU up to ${answer} adds at least ${tolerance}, so the answer is the last point, ${answer}.`;
  }
  return `Going from ${answer} to ${answer + 1} GPUs changes the speed-up from ${here.speedup.toFixed(2)}× to ${next.speedup.toFixed(2)}× (${gain(here, next)}), the first step that adds less than ${tolerance}.`;
}

export const scalingExercise: Exercise<ScalingInstance, string> = {
  id: 'scaling',
  title: 'When more GPUs stop paying off',
  generate(seed) {
    const random = seededRandom(seed);
    const setup = SETUPS[random.int(0, SETUPS.length - 1)] ?? (SETUPS[0] as Setup);
    return {
      ...setup,
      optimizer: random.next() < 0.5 ? 'sgd' : 'adam',
      tolerance: TOLERANCES[random.int(0, TOLERANCES.length - 1)] ?? 0.05,
    };
  },
  solve: (instance) => String(stopsPayingOff(scalingCurve(instance), instance.tolerance)),
  check(instance, answer) {
    const points = scalingCurve(instance);
    const expected = stopsPayingOff(points, instance.tolerance);
    const typed = parseWhole(answer);
    if (typed === null) return wrong('Type one whole number of GPUs, from 1 to 8.');
    const why = explain(instance, points, expected);
    if (typed === expected) return right(why);
    const best = points.reduce((top, point) => (point.speedup > top.speedup ? point : top));
    const hint =
      typed === best.gpus && best.gpus !== expected
        ? ` ${best.gpus} GPUs give the highest speed-up, but the gains had already fallen below the tolerance before that.`
        : '';
    return wrong(`The answer is ${expected}.${hint} ${why}`);
  },
};
