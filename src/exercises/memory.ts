/**
 * Exercise 6, "Which GPU fills up first": read the memory ledger (what the nvidia-smi panel shows) and
 * say which GPU needs the most, and why. GPU 0 keeps everything the other GPUs do not — the optimizer
 * state, the whole batch, the gathered outputs, the loss and the summed gradients — on top of its own
 * chunk's work; its replica shares the original parameters' storage, so they count once.
 */
import type { OptimizerKind } from '../cost/work';
import { defaultModel } from '../data/registry';
import { chunkSizes } from '../dp/chunk';
import { formatBytes } from '../dp/format';
import { type MemoryLedger, memoryLedger } from '../dp/memory';
import { PHASE_TITLES } from '../dp/phase';
import { paramLayout } from '../nn/spec';
import { seededRandom } from '../random/seeded';
import { type Choice, type Exercise, formatSlip, right, wrong } from './types';

export type MemoryDataset = 'spiral' | 'digits';

export type MemoryInstance = {
  gpus: number;
  batch: number;
  dataset: MemoryDataset;
  optimizer: OptimizerKind;
};

export type MemoryReasonId = 'keeps-more' | 'bigger-chunk' | 'all-replicas' | 'never-frees';

export const MEMORY_REASONS: readonly Choice<MemoryReasonId>[] = [
  { id: 'bigger-chunk', label: 'torch.chunk gives it a bigger share of the batch than the others.' },
  {
    id: 'keeps-more',
    label:
      "Besides its own chunk's work (its replica shares the original parameters), it keeps the optimizer state, the whole batch, the gathered outputs, the loss and the summed gradients.",
  },
  { id: 'all-replicas', label: 'It stores a copy of the model for every other GPU.' },
  { id: 'never-frees', label: 'The other GPUs free their memory after each phase; it never does.' },
];

const REASON_FEEDBACK: Record<MemoryReasonId, string> = {
  'keeps-more': '',
  'bigger-chunk':
    'Its chunk is no bigger than the other full chunks (⌈B/N⌉ rows each), so the chunk is not why.',
  'all-replicas': 'Each busy GPU holds exactly one replica; GPU 0 does not keep the others.',
  'never-frees':
    'Every GPU keeps its activations until backward needs them; that is the same on all of them.',
};

export type MemoryAnswer = { gpu: number | null; reason: MemoryReasonId | null };

/** The ledger of this instance's step (the same numbers the nvidia-smi panel shows). */
export function instanceLedger({ gpus, batch, dataset, optimizer }: MemoryInstance): MemoryLedger {
  return memoryLedger({
    gpus,
    chunkSizes: chunkSizes(batch, gpus),
    layout: paramLayout(defaultModel(dataset)),
    optimizer,
    lossPlacement: 'gathered',
  });
}

/** The GPU with the highest peak (the lowest index on a tie). */
export function fullestGpu(ledger: MemoryLedger): number {
  let best = 0;
  for (const gpu of ledger.gpus) if (gpu.peakBytes > (ledger.gpus[best]?.peakBytes ?? 0)) best = gpu.device;
  return best;
}

function numbers(ledger: MemoryLedger): string {
  const fullest = ledger.gpus[fullestGpu(ledger)];
  const others = ledger.gpus.filter((gpu) => gpu.device !== fullest?.device);
  const runnerUp = others.reduce<(typeof others)[number] | undefined>(
    (best, gpu) => (best === undefined || gpu.peakBytes > best.peakBytes ? gpu : best),
    undefined,
  );
  if (!fullest || !runnerUp) return '';
  return `GPU ${fullest.device} peaks at ${formatBytes(fullest.peakBytes)} during ${PHASE_TITLES[fullest.peakPhase].toLowerCase()}; the next fullest, GPU ${runnerUp.device}, peaks at ${formatBytes(runnerUp.peakBytes)}.`;
}

export const memoryExercise: Exercise<MemoryInstance, MemoryAnswer> = {
  id: 'memory',
  title: 'Which GPU fills up first',
  generate(seed) {
    const random = seededRandom(seed);
    const gpus = random.int(2, 8);
    const optimizers: readonly OptimizerKind[] = ['sgd', 'momentum', 'adam'];
    return {
      gpus,
      batch: random.int(gpus, 64),
      dataset: random.next() < 0.5 ? 'spiral' : 'digits',
      optimizer: optimizers[random.int(0, 2)] ?? 'sgd',
    };
  },
  solve: (instance) => ({ gpu: fullestGpu(instanceLedger(instance)), reason: 'keeps-more' }),
  hint: () =>
    'Open the nvidia-smi panel at Backward: which GPU holds the whole batch, the gathered outputs and the optimizer state?',
  check(instance, answer) {
    if (answer.gpu === null || answer.reason === null) return formatSlip('answer both questions.');
    const ledger = instanceLedger(instance);
    const fullest = fullestGpu(ledger);
    const facts = numbers(ledger);
    const gpuRight = answer.gpu === fullest;
    const reasonRight = answer.reason === 'keeps-more';
    const why = `GPU ${fullest} is the primary GPU. Its replica shares the original weights' storage, so they count once; besides its own chunk's work it holds${instance.optimizer === 'sgd' ? '' : ' the optimizer state,'} the whole batch (the loop moved it to cuda:0), the gathered outputs, the loss and the summed gradients.`;
    if (gpuRight && reasonRight) return right(`${facts} ${why}`);
    const problems: string[] = [];
    const hints: string[] = [];
    if (!gpuRight) {
      problems.push(`GPU ${answer.gpu} is not the fullest. ${facts}`);
      hints.push(`GPU ${answer.gpu} is not the fullest: which GPU holds what the others do not?`);
    }
    if (!reasonRight) {
      problems.push(REASON_FEEDBACK[answer.reason]);
      hints.push(REASON_FEEDBACK[answer.reason]);
    }
    problems.push(why);
    return wrong(problems.join(' '), hints.join(' '));
  },
};
