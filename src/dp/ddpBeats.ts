/**
 * The beats a learner steps through in a DistributedDataParallel step: (once, on the first step after
 * wrapping) the construction broadcast, then forward + loss on every rank, each ring round of the
 * all-reduce, and every rank's optimizer step. Pure, so the stage, its controls and the tests agree.
 */
import type { DdpConstructionPhase, DdpPhase } from './ddpPlan';
import type { DdpTrace } from './ddpTrace';
import type { TraceEvent } from './event';
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

/** Which beat of `beats` an event of the step (or of the wrap's broadcast) belongs to; −1 if none. */
function beatOf(event: TraceEvent<DdpPhase | DdpConstructionPhase>, beats: readonly DdpBeat[]): number {
  const round =
    event.phase === 'backward-all-reduce' && event.kind === 'all-reduce' ? (event.round ?? -1) : -1;
  return beats.findIndex(
    (beat) => beat.phase === event.phase && (beat.phase !== 'backward-all-reduce' || beat.round === round),
  );
}

/**
 * The picture at beat `at`, held still: the ids of the events done by then (every earlier beat's and
 * this one's), and of this beat's copies (the ring round's sends, the wrap's broadcast), which a
 * painter shows on their way.
 */
export function beatFrame(
  trace: DdpTrace,
  beats: readonly DdpBeat[],
  at: number,
): { done: Set<string>; moving: Set<string> } {
  const done = new Set<string>();
  const moving = new Set<string>();
  for (const event of [...trace.construction, ...trace.events]) {
    const beat = beatOf(event, beats);
    if (beat < 0 || beat > at) continue;
    done.add(event.id);
    if (beat === at && event.peer !== undefined) moving.add(event.id);
  }
  return { done, moving };
}
