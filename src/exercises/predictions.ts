/**
 * Graders for the tutorial's predictions (predict → watch → verify): the learner commits a guess before
 * the engine runs, then each guess is compared with what the real step shows — read from its trace or
 * its measured values by these functions, never by comparing text.
 */
import { formatSizes } from '../dp/format';
import type { StepTrace } from '../dp/trace';
import { countsFormatProblem, parseCounts, parseWhole } from './parse';
import { ROUNDING_TOLERANCE } from './sameGradient';

/** A guess read from what the learner typed, or why it could not be read (a format problem, no miss). */
export type ReadGuess = { ok: true; guess: string } | { ok: false; problem: string };

/** Reads a typed split ("3, 3, 3, 1"), normalised to "3, 3, 3, 1". */
export function readSplitGuess(text: string): ReadGuess {
  const problem = countsFormatProblem(text);
  const counts = parseCounts(text);
  if (problem !== null || counts === null) return { ok: false, problem: problem ?? 'type whole numbers.' };
  return { ok: true, guess: formatSizes(counts) };
}

/** Reads a typed count of samples ("1", "1 sample"). */
export function readCountGuess(text: string): ReadGuess {
  const value = parseWhole(text);
  if (value === null) return { ok: false, problem: 'type one whole number, for example 2.' };
  return { ok: true, guess: String(value) };
}

/** The split the step really made, as "3, 3, 3, 1". */
export function actualSplit(trace: StepTrace): string {
  return formatSizes(trace.plan.chunkSizes);
}

/** The GPU that holds `model(x)`'s output: where gather lands (GPU 0; with one GPU, where forward ran). */
export function outputsDevice(trace: StepTrace): number {
  const gather = trace.events.find((event) => event.phase === 'gather' && event.kind !== 'skipped');
  return gather?.device ?? trace.events.find((event) => event.phase === 'forward')?.device ?? 0;
}

/** The GPUs that receive a copy of the weights in Replicate (a transfer lands on them). */
export function replicaReceivers(trace: StepTrace): number[] {
  return trace.events
    .filter((event) => event.phase === 'replicate' && event.kind === 'transfer')
    .map((event) => event.device);
}

/** How many samples `device` runs forward on in this step (0 for an idle GPU). */
export function forwardRows(trace: StepTrace, device: number): number {
  const event = trace.events.find((e) => e.phase === 'forward' && e.device === device && e.rows);
  return event?.rows ? event.rows[1] - event.rows[0] : 0;
}

export type GradientRelation = 'same' | 'larger' | 'smaller';

/**
 * How GPU 0's summed gradient compares with one GPU's for the same batch and weights, from the
 * engine's comparison: the same up to float rounding, or larger or smaller.
 */
export function gradientRelation(comparison: {
  grad: { single: number; gathered: number };
  maxAbsDiff: { gathered: number };
}): GradientRelation {
  if (comparison.maxAbsDiff.gathered <= ROUNDING_TOLERANCE) return 'same';
  return Math.abs(comparison.grad.gathered) > Math.abs(comparison.grad.single) ? 'larger' : 'smaller';
}

export type WeightsArrive = 'after-optimizer-step' | 'next-replicate' | 'never';

/** When the other GPUs receive GPU 0's updated weights, read from which phases copy weights to them. */
export function weightsArrive(trace: StepTrace): WeightsArrive {
  const sentAfterUpdate = trace.events.some(
    (event) => event.phase === 'optimizer-step' && event.kind === 'transfer',
  );
  if (sentAfterUpdate) return 'after-optimizer-step';
  return replicaReceivers(trace).length > 0 ? 'next-replicate' : 'never';
}
