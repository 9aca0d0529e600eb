/**
 * Exercise 1, "Predict the split": a batch of B samples on N GPUs — which chunk sizes does
 * DataParallel's scatter make? Instances cover the three cases a learner must know: even chunks,
 * a smaller last chunk, and GPUs left idle.
 */
import { chunkSizes } from '../dp/chunk';
import { formatGpus, formatSizes } from '../dp/format';
import { type Random, seededRandom } from '../random/seeded';
import { countsFormatProblem, parseCounts } from './parse';
import { type Checked, type Exercise, formatSlip, right, wrong } from './types';

export type SplitInstance = { batch: number; gpus: number };

export type SplitKind = 'even' | 'uneven' | 'idle';

/** Which of the three cases a split is. */
export function splitKind(batch: number, gpus: number): SplitKind {
  const sizes = chunkSizes(batch, gpus);
  if (sizes.length < gpus) return 'idle';
  return sizes.every((size) => size === sizes[0]) ? 'even' : 'uneven';
}

function draw(random: Random, kind: SplitKind): SplitInstance {
  for (let attempt = 0; attempt < 200; attempt++) {
    const gpus = random.int(2, 8);
    const batch = kind === 'idle' ? random.int(1, 3 * gpus) : random.int(gpus + 1, 40);
    if (splitKind(batch, gpus) === kind) return { batch, gpus };
  }
  return kind === 'idle' ? { batch: 10, gpus: 8 } : { batch: 10, gpus: 4 };
}

const KINDS: readonly SplitKind[] = ['even', 'uneven', 'idle'];

/** What an even spread would be (as `tensor_split` does) — the most common wrong guess. */
function balanced(batch: number, gpus: number): number[] {
  const base = Math.floor(batch / gpus);
  return Array.from({ length: gpus }, (_, i) => base + (i < batch % gpus ? 1 : 0)).filter((size) => size > 0);
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** The rule in words, with this instance's numbers. */
export function splitRule({ batch, gpus }: SplitInstance): string {
  const sizes = chunkSizes(batch, gpus);
  const size = Math.ceil(batch / gpus);
  const last = sizes[sizes.length - 1] ?? 0;
  const parts = [`torch.chunk makes chunks of ⌈${batch}/${gpus}⌉ = ${size} samples`];
  if (last !== size) parts.push(`the last chunk keeps the ${last} left over`);
  let text = `${parts.join(' and ')}, so the split is ${formatSizes(sizes)}`;
  const idle = Array.from({ length: gpus - sizes.length }, (_, i) => sizes.length + i);
  if (idle.length > 0) text += `; only ${sizes.length} chunks come out, so ${formatGpus(idle)} get nothing`;
  return `${text}.`;
}

function check(instance: SplitInstance, answer: string): Checked {
  const { batch, gpus } = instance;
  const expected = chunkSizes(batch, gpus);
  const problem = countsFormatProblem(answer);
  const typed = parseCounts(answer);
  if (problem !== null || typed === null) return formatSlip(problem ?? 'type whole numbers.');
  // An idle GPU may be written as a 0 at the end: "2, 2, 2, 2, 2, 0, 0, 0" says the same thing.
  const trimmed = [...typed];
  while (trimmed.length > expected.length && trimmed[trimmed.length - 1] === 0) trimmed.pop();
  if (sameList(trimmed, expected) && typed.length <= gpus) return right(splitRule(instance));
  const total = typed.reduce((sum, size) => sum + size, 0);
  if (typed.length > gpus) {
    const mistake = `There are only ${gpus} GPUs, so there can be at most ${gpus} chunks.`;
    return wrong(`${mistake} ${splitRule(instance)}`, mistake);
  }
  if (total !== batch) {
    const mistake = `Your chunks add up to ${total}, but every one of the ${batch} samples goes to exactly one GPU.`;
    return wrong(`${mistake} ${splitRule(instance)}`, mistake);
  }
  if (sameList(trimmed, balanced(batch, gpus))) {
    const mistake =
      'That is an even spread, as tensor_split would make. DataParallel uses torch.chunk, which does not balance.';
    return wrong(`${mistake} ${splitRule(instance)}`, mistake);
  }
  if (typed.some((size, i) => size > Math.ceil(batch / gpus) || (i > 0 && size > (typed[i - 1] ?? 0)))) {
    return wrong(splitRule(instance), 'No chunk is bigger than the one before it, nor bigger than ⌈B/N⌉.');
  }
  return wrong(splitRule(instance));
}

export const splitExercise: Exercise<SplitInstance, string> = {
  id: 'split',
  title: 'Predict the split',
  generate(seed) {
    const random = seededRandom(seed);
    const kind = KINDS[random.int(0, KINDS.length - 1)] ?? 'uneven';
    return draw(random, kind);
  },
  solve: ({ batch, gpus }) => formatSizes(chunkSizes(batch, gpus)),
  check,
  hint: ({ batch, gpus }) =>
    `torch.chunk fills every chunk with ⌈${batch}/${gpus}⌉ samples until the samples run out; work that out first.`,
};
