/**
 * Exercise 8, "The loss inside forward": if each replica returns the mean loss of its own chunk and those
 * losses are averaged, does the gradient equal the full-batch gradient? Only when every chunk has the
 * same size; otherwise a sample of chunk i weighs 1/(k·nᵢ) instead of 1/B (`sampleWeights`). The real
 * engine computes both gradients on demand.
 */
import { chunkSizes } from '../dp/chunk';
import { formatSizes } from '../dp/format';
import { insideForwardMatchesFullBatch, sampleWeights } from '../dp/lossWeights';
import { seededRandom } from '../random/seeded';
import { parseFraction } from './parse';
import { type Exercise, formatSlip, right, wrong } from './types';

export type LossInsideInstance = { batch: number; gpus: number };

export type LossInsideAnswer = { matches: 'yes' | 'no' | null; weight: string };

/** Relative error allowed on a typed weight (0.17 for 1/6 is fine; 1/5 is not). */
export const WEIGHT_TOLERANCE = 0.025;

/** Splits to ask about: mostly uneven ones (the pitfall), some even ones (where it is harmless). */
const SPLITS: readonly LossInsideInstance[] = [
  { batch: 10, gpus: 3 },
  { batch: 10, gpus: 4 },
  { batch: 7, gpus: 2 },
  { batch: 9, gpus: 2 },
  { batch: 11, gpus: 3 },
  { batch: 13, gpus: 4 },
  { batch: 14, gpus: 4 },
  { batch: 22, gpus: 4 },
  { batch: 12, gpus: 3 },
  { batch: 8, gpus: 4 },
  { batch: 12, gpus: 4 },
  { batch: 10, gpus: 5 },
];

/** How much one sample of the last chunk weighs when the per-replica mean losses are averaged. */
export function lastSampleWeight({ batch, gpus }: LossInsideInstance): number {
  const weights = sampleWeights(batch, gpus, 'inside-forward');
  return weights[weights.length - 1] ?? 0;
}

/** A weight of the form 1/n as text. */
export function unitFraction(weight: number): string {
  return `1/${Math.round(1 / weight)}`;
}

export const lossInsideExercise: Exercise<LossInsideInstance, LossInsideAnswer> = {
  id: 'loss-inside',
  title: 'The loss inside forward',
  generate: (seed) => {
    const random = seededRandom(seed);
    return SPLITS[random.int(0, SPLITS.length - 1)] ?? { batch: 10, gpus: 3 };
  },
  solve: (instance) => ({
    matches: insideForwardMatchesFullBatch(instance.batch, instance.gpus) ? 'yes' : 'no',
    weight: unitFraction(lastSampleWeight(instance)),
  }),
  hint: ({ batch, gpus }) =>
    `Split ${batch} samples over ${gpus} GPUs with torch.chunk first; each replica averages over its own chunk, then GPU 0 averages those means.`,
  check(instance, answer) {
    const { batch, gpus } = instance;
    if (answer.matches === null) return formatSlip('say whether the two gradients match.');
    const typed = parseFraction(answer.weight);
    if (typed === null)
      return formatSlip('type the weight as a fraction such as 1/8, or as a decimal such as 0.125.');
    const sizes = chunkSizes(batch, gpus);
    const k = sizes.length;
    const last = sizes[k - 1] ?? 0;
    const matches = insideForwardMatchesFullBatch(batch, gpus);
    const weight = lastSampleWeight(instance);
    const fair = `1/${batch}`;
    const rule = `Averaging ${k} chunk means gives each chunk 1/${k} of the loss, shared by its own samples, so a sample of the last chunk (${last} rows) weighs 1/(${k}·${last}) = ${unitFraction(weight)}; the full-batch mean gives every sample ${fair}.`;
    const verdict = matches
      ? `With chunks of ${formatSizes(sizes)} every chunk is the same size, so the two agree.`
      : `With chunks of ${formatSizes(sizes)} they do not agree: the small chunk's samples count ${(weight * batch).toFixed(2)}× too much.`;
    const weightRight = Math.abs(typed - weight) <= WEIGHT_TOLERANCE * weight;
    const matchesRight = (answer.matches === 'yes') === matches;
    if (weightRight && matchesRight) return right(`${verdict} ${rule}`);
    const problems: string[] = [];
    const hints: string[] = [];
    if (!matchesRight) {
      problems.push(verdict);
      hints.push('Look at the chunk sizes: are they all the same?');
    }
    const fullBatch = !matches && Math.abs(typed - 1 / batch) <= WEIGHT_TOLERANCE / batch;
    if (!weightRight && fullBatch) {
      const mistake = `${fair} is what the full-batch mean gives; averaging the chunk means does not.`;
      problems.push(`${mistake} ${rule}`);
      hints.push(mistake);
    } else {
      problems.push(rule);
      if (!weightRight) hints.push('A chunk gets 1/(number of chunks) of the loss, shared by its own rows.');
    }
    return wrong(problems.join(' '), hints.join(' '));
  },
};
