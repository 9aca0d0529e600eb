/**
 * Exercise 10, "Bytes on the ring": in a ring all-reduce each GPU sends 2(N−1)/N of the gradient bytes
 * per step, whatever N; DataParallel pushes (N−1) copies of the weights out of GPU 0 (replicate) and
 * pulls (N−1) gradients into it (reduce-add). The exact count comes from `src/dp/ring.ts`'s schedule.
 */
import { ringElementsSent } from '../dp/ring';
import { seededRandom } from '../random/seeded';
import { parseFraction } from './parse';
import { type Exercise, formatSlip, right, wrong } from './types';

export type RingBytesInstance = { gpus: number; gradientMb: number };

const SIZES_MB = [40, 60, 100, 120, 240, 400, 480] as const;

/** MB each GPU sends in one all-reduce, from the ring schedule (a bucket of `gradientMb` million bytes). */
export function ringMbPerGpu({ gpus, gradientMb }: RingBytesInstance): number {
  const elements = gradientMb * 250_000; // float32: 4 bytes each, 1 MB = 10⁶ bytes here
  return (ringElementsSent(elements, gpus, 0) * 4) / 1e6;
}

/** MB crossing GPU 0's link per DataParallel step: the weights out to N−1 replicas, N−1 gradients in. */
export function dpMbThroughGpu0({ gpus, gradientMb }: RingBytesInstance): number {
  return 2 * (gpus - 1) * gradientMb;
}

function shown(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export const ringBytesExercise: Exercise<RingBytesInstance, string> = {
  id: 'ring-bytes',
  title: 'Bytes on the ring',
  generate(seed) {
    const random = seededRandom(seed);
    return { gpus: random.int(2, 8), gradientMb: SIZES_MB[random.int(0, SIZES_MB.length - 1)] ?? 100 };
  },
  solve: (instance) => shown(ringMbPerGpu(instance)),
  check(instance, answer) {
    const typed = parseFraction(answer);
    const ring = ringMbPerGpu(instance);
    const dp = dpMbThroughGpu0(instance);
    const { gpus, gradientMb } = instance;
    const why = `Each of the 2(N−1) = ${2 * (gpus - 1)} rounds moves one segment of 1/N of the gradients, so every GPU sends 2·${gpus - 1}/${gpus} × ${gradientMb} MB = ${shown(ring)} MB — and never more than twice the gradients however many GPUs join. DataParallel moves ${shown(dp)} MB through GPU 0's link each step (${gpus - 1} weight copies out at replicate, ${gpus - 1} gradients in at reduce-add), and that grows with N.`;
    if (typed === null) return formatSlip('type one number of megabytes, e.g. 150.');
    if (Math.abs(typed - ring) <= Math.max(0.05, ring * 0.01)) return right(why);
    if (Math.abs(typed - gradientMb) <= 0.05)
      return wrong(why, 'Not the whole gradient once: reduce-scatter and all-gather each move a part of it.');
    if (Math.abs(typed - dp) <= 0.05)
      return wrong(
        why,
        "That is DataParallel's traffic through GPU 0; the ring spreads the work over every GPU.",
      );
    return wrong(why);
  },
  hint: ({ gpus }) =>
    `A ring all-reduce on ${gpus} GPUs runs 2(N−1) rounds, and in each round every GPU sends one segment of 1/N of the gradients.`,
};
