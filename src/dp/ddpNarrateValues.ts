/**
 * Narration of a DistributedDataParallel step with the real numbers the engine reported (its
 * `StepDetail.ddp`): each rank's loss and local gradient, the ring's partial sums round by round, the
 * average every rank ends with, how far it is from DataParallel's full-batch gradient, and whether the
 * ranks still agree after their optimizer steps. Without values it falls back to `narrateDdpPhase`.
 */
import { narrateDdpPhase, ringRoundLabel } from './ddpNarrate';
import type { DdpConstructionPhase, DdpPhase } from './ddpPlan';
import type { DdpTrace } from './ddpTrace';
import { formatSizes } from './format';
import { ringRoundCount, ringSchedule } from './ring';

/** The real values of one DDP step a sentence can quote (the engine's `DdpStepDetail` fits). */
export type DdpValues = {
  rankLosses: readonly (number | null)[];
  localGrads: readonly number[];
  ringStart: readonly number[];
  ringValues: readonly (readonly number[])[];
  averagedGrads: readonly number[];
  fullBatchGrad: number;
  largestDifferenceFromFullBatch: number;
  ranksIdentical: boolean;
  followedSegment: number;
};

/** A gradient or loss with four significant digits (small gradients keep their exponent). */
export function formatValue(value: number): string {
  return Math.abs(value) < 1e-3 && value !== 0 ? value.toExponential(3) : value.toPrecision(4);
}

function listed(values: readonly number[]): string {
  return values.map(formatValue).join(', ');
}

function forwardSentence(trace: DdpTrace, values: DdpValues): string {
  const { plan } = trace;
  const busy = plan.rowsPerRank.filter((rows) => rows > 0);
  const losses = values.rankLosses.flatMap((loss, rank) =>
    loss === null ? [] : [`rank ${rank} ${formatValue(loss)}`],
  );
  const idle =
    plan.idleRanks.length > 0
      ? ` Rank${plan.idleRanks.length > 1 ? 's' : ''} ${plan.idleRanks.join(', ')} got no rows and wait${plan.idleRanks.length > 1 ? '' : 's'} for the all-reduce.`
      : '';
  return `Forward + loss: each rank loads its own chunk (${formatSizes(busy)} rows) — no scatter, no gather — and computes the mean loss of its own rows: ${losses.join(', ')}.${idle}`;
}

function allReduceSentence(trace: DdpTrace, values: DdpValues): string {
  const ranks = trace.plan.ranks;
  const average = values.averagedGrads[0] ?? Number.NaN;
  const local = `Backward: each rank's own gradient of the followed weight is ${listed(values.localGrads)}.`;
  if (ranks === 1)
    return `${local} With one rank the all-reduce has nothing to add; the gradient stays ${formatValue(average)}.`;
  const full = `DataParallel's full-batch gradient of the same batch is ${formatValue(values.fullBatchGrad)}; the largest difference over all weights is ${formatValue(values.largestDifferenceFromFullBatch)}`;
  const why =
    values.largestDifferenceFromFullBatch > 1e-6
      ? ' — the chunks are unequal, so each rank’s mean weighs its rows 1/(N·nᵢ), not 1/B'
      : ' — equal chunks, the same gradient';
  return `${local} Each divides by ${ranks}, and a ring all-reduce of ${ringRoundCount(ranks)} rounds sums them: every rank now holds ${formatValue(average)}. ${full}${why}.`;
}

function stepSentence(trace: DdpTrace, values: DdpValues): string {
  const ranks = trace.plan.ranks;
  const check = values.ranksIdentical
    ? `all ${ranks} ranks hold identical weights afterwards, with no broadcast`
    : 'the ranks’ weights differ afterwards — they should not';
  return `Optimizer step: every rank updates its own copy with the same averaged gradient (${formatValue(values.averagedGrads[0] ?? Number.NaN)}), so ${check}.`;
}

/** One sentence for the live region about `phase` of a DDP step, quoting the step's real values. */
export function narrateDdpPhaseValues(
  trace: DdpTrace,
  phase: DdpPhase | DdpConstructionPhase,
  values?: DdpValues,
): string {
  if (values === undefined) return narrateDdpPhase(trace, phase);
  switch (phase) {
    case 'forward':
      return forwardSentence(trace, values);
    case 'backward-all-reduce':
      return allReduceSentence(trace, values);
    case 'optimizer-step':
      return stepSentence(trace, values);
    case 'construction-broadcast':
      return narrateDdpPhase(trace, phase);
  }
}

/**
 * One sentence about ring round `round` for the followed weight's segment: who sent it to whom and the
 * partial sum each rank holds after the round.
 */
export function narrateRingRound(trace: DdpTrace, round: number, values: DdpValues): string {
  const ranks = trace.plan.ranks;
  const schedule = ringSchedule(ranks)[round];
  const after = values.ringValues[round];
  if (schedule === undefined || after === undefined) return narrateDdpPhase(trace, 'backward-all-reduce');
  const segment = values.followedSegment;
  const carrier = schedule.transfers.find((t) => t.segment === segment);
  const label = ringRoundLabel(round, ranks);
  const move = carrier
    ? `rank ${carrier.from} sends the followed weight's segment ${segment} to rank ${carrier.to}, which ${carrier.op === 'add' ? 'adds it' : 'copies it'}`
    : `the followed weight's segment does not move`;
  return `Ring ${label}: ${move}; the followed entry on ranks 0–${ranks - 1} is now ${listed(after)}.`;
}
