/**
 * The beats a learner steps through in a DistributedDataParallel step: (once, on the first step after
 * wrapping) the construction broadcast, then forward + loss on every rank, each ring round of the
 * all-reduce, and every rank's optimizer step. Pure, so the stage, its controls and the tests agree.
 */
import type { DdpConstructionPhase } from './ddpPlan';
import { ringRoundCount } from './ring';

export type DdpBeat =
  | { phase: DdpConstructionPhase }
  | { phase: 'forward' }
  /** Backward on every rank, then ring round `round` (−1: backward done, before round 0). */
  | { phase: 'backward-all-reduce'; round: number }
  | { phase: 'optimizer-step' };

/** The beats of one step on `ranks` ranks; `wrapped` adds the one-time broadcast first. */
export function ddpBeats(ranks: number, wrapped: boolean): DdpBeat[] {
  const rounds = Array.from(
    { length: ringRoundCount(ranks) },
    (_, round): DdpBeat => ({
      phase: 'backward-all-reduce',
      round,
    }),
  );
  return [
    ...(wrapped ? [{ phase: 'construction-broadcast' } as const] : []),
    { phase: 'forward' },
    { phase: 'backward-all-reduce', round: -1 },
    ...rounds,
    { phase: 'optimizer-step' },
  ];
}
