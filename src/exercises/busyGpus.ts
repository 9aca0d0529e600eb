/**
 * Exercise 2, "How many GPUs get work": torch.chunk can make fewer chunks than there are GPUs, and a GPU
 * without a chunk does nothing that step (3 on 4, 6 on 4, 10 on 8 all leave GPUs idle).
 */
import { chunkSizes } from '../dp/chunk';
import { seededRandom } from '../random/seeded';
import { parseWhole } from './parse';
import { splitRule } from './split';
import { type Exercise, formatSlip, right, wrong } from './types';

export type BusyGpusInstance = { batch: number; gpus: number };

/** Cases worth meeting at least once: idle GPUs even when the batch is larger than the GPU count. */
const CLASSICS: readonly BusyGpusInstance[] = [
  { batch: 3, gpus: 4 },
  { batch: 6, gpus: 4 },
  { batch: 10, gpus: 8 },
  { batch: 4, gpus: 3 },
  { batch: 9, gpus: 4 },
  { batch: 10, gpus: 6 },
  { batch: 30, gpus: 8 },
  { batch: 13, gpus: 5 },
];

/** How many GPUs receive a chunk. */
export function busyGpuCount(batch: number, gpus: number): number {
  return chunkSizes(batch, gpus).filter((size) => size > 0).length;
}

export const busyGpusExercise: Exercise<BusyGpusInstance, string> = {
  id: 'busy-gpus',
  title: 'How many GPUs get work',
  generate(seed) {
    const random = seededRandom(seed);
    if (random.next() < 0.4) return CLASSICS[random.int(0, CLASSICS.length - 1)] ?? { batch: 6, gpus: 4 };
    const gpus = random.int(2, 8);
    return { batch: random.int(1, 4 * gpus), gpus };
  },
  solve: ({ batch, gpus }) => String(busyGpuCount(batch, gpus)),
  hint: ({ batch, gpus }) =>
    `Count the chunks torch.chunk makes: ⌈${batch}/${gpus}⌉ samples each until the samples run out. A GPU without a chunk is idle.`,
  check(instance, answer) {
    const { batch, gpus } = instance;
    const busy = busyGpuCount(batch, gpus);
    const typed = parseWhole(answer);
    if (typed === null)
      return formatSlip('type one whole number: how many GPUs receive at least one sample.');
    if (typed === busy) {
      const idle = gpus - busy;
      const note = idle === 0 ? 'Every GPU gets work.' : `${idle} of the ${gpus} GPUs sit idle this step.`;
      return right(`${note} ${splitRule(instance)}`);
    }
    if (typed === gpus) {
      const mistake = 'Not every GPU is sure to get a chunk.';
      return wrong(`${mistake} ${splitRule(instance)} That is ${busy} busy GPUs.`, mistake);
    }
    if (typed === Math.min(batch, gpus)) {
      const mistake = 'DataParallel does not hand out one sample per GPU first.';
      return wrong(`${mistake} ${splitRule(instance)} That is ${busy} busy GPUs.`, mistake);
    }
    return wrong(`${splitRule(instance)} That is ${busy} busy GPUs.`);
  },
};
