/**
 * Exercise 9, "DDP's gradient on an uneven split": the ranks' own mean-loss gradients of one weight are
 * given; DDP averages them (Σ gᵢ / N), which weighs a sample of rank i by 1/(N·nᵢ), while DataParallel's
 * reduce-add of the same batch gives the full-batch gradient Σ (nᵢ/B)·gᵢ. Answers come from `chunkSizes`.
 */
import { chunkSizes } from '../dp/chunk';
import { formatSizes } from '../dp/format';
import { seededRandom } from '../random/seeded';
import { parseFraction } from './parse';
import { type Exercise, formatSlip, right, wrong } from './types';

export type DdpGradientInstance = {
  batch: number;
  gpus: number;
  /** Each rank's gradient of the weight from its own chunk's mean loss, in rank order. */
  rankGrads: number[];
};

/** Batches whose `torch.chunk` split is uneven on every GPU count offered. */
const SPLITS: readonly [number, number][] = [
  [10, 3],
  [10, 4],
  [7, 2],
  [11, 3],
  [14, 4],
  [9, 2],
  [13, 3],
];

/** DDP's all-reduced gradient: the plain mean of the ranks' own gradients. */
export function ddpAverage(instance: DdpGradientInstance): number {
  return instance.rankGrads.reduce((sum, g) => sum + g, 0) / instance.gpus;
}

/** DataParallel's gradient of the same batch, the full-batch one: each chunk weighted by nᵢ/B. */
export function fullBatchGrad(instance: DdpGradientInstance): number {
  const sizes = chunkSizes(instance.batch, instance.gpus);
  return sizes.reduce((sum, n, i) => sum + (n / instance.batch) * (instance.rankGrads[i] ?? 0), 0);
}

function round3(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.0015;
}

export const ddpGradientExercise: Exercise<DdpGradientInstance, string> = {
  id: 'ddp-gradient',
  title: "DDP's gradient on an uneven split",
  generate(seed) {
    const random = seededRandom(seed);
    const [batch, gpus] = SPLITS[random.int(0, SPLITS.length - 1)] ?? [10, 3];
    const rankGrads = chunkSizes(batch, gpus).map(() => random.int(5, 95) / 100);
    return { batch, gpus, rankGrads };
  },
  solve: (instance) => round3(ddpAverage(instance)),
  check(instance, answer) {
    const typed = parseFraction(answer);
    const average = ddpAverage(instance);
    const full = fullBatchGrad(instance);
    const sizes = formatSizes(chunkSizes(instance.batch, instance.gpus));
    const why = `The chunks are ${sizes}: DDP averages the ranks' means, Σ gᵢ / ${instance.gpus} = ${round3(average)}, so a sample of a small chunk counts more. DataParallel's reduce-add of the same batch gives the full-batch gradient Σ nᵢ/B · gᵢ = ${round3(full)} — that one is the full-batch gradient. DistributedSampler gives every rank the same number of samples, and then the two agree.`;
    if (typed === null) return formatSlip('type one decimal number, e.g. 0.42.');
    if (close(typed, average)) return right(why);
    if (close(typed, full))
      return wrong(
        why,
        "That is DataParallel's full-batch gradient; DDP's all-reduce does something simpler.",
      );
    if (close(typed, average * instance.gpus))
      return wrong(
        why,
        `That is the sum of the ranks' gradients; what does DDP do with it on ${instance.gpus} ranks?`,
      );
    return wrong(why);
  },
  hint: ({ gpus }) =>
    `Each rank already holds the gradient of its own chunk's mean loss; the all-reduce sums the ${gpus} ranks' gradients and then divides — by what?`,
};
