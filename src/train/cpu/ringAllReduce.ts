/**
 * The ring all-reduce of one bucket across the CPU engine's ranks, following `src/dp/ring.ts`'s
 * schedule with real copies: in each round every sender's segment is first copied into its receiver's
 * `received` buffer (all at once, as the links run in parallel), then added to (reduce-scatter) or
 * copied over (all-gather) the receiver's own bucket.
 */
import { ringSchedule, ringSegments } from '../../dp/ring';
import type { DdpRank } from './ddpMemory';

/** Calls back after every round, e.g. to record the followed element's value on every rank. */
export type RoundObserver = (round: number) => void;

/** All-reduce (sum) bucket `bucket` of every rank in place; returns the copies made (one per transfer). */
export function ringAllReduce(ranks: readonly DdpRank[], bucket: number, onRound?: RoundObserver): number {
  const buffers = ranks.map((rank) => {
    const buffer = rank.buckets[bucket];
    if (buffer === undefined) throw new RangeError(`no bucket ${bucket}`);
    return buffer;
  });
  const length = buffers[0]?.length ?? 0;
  const segments = ringSegments(length, ranks.length);
  let copies = 0;
  for (const round of ringSchedule(ranks.length)) {
    for (const t of round.transfers) {
      const [start, end] = segments[t.segment] as [number, number];
      (ranks[t.to] as DdpRank).received.set((buffers[t.from] as Float32Array).subarray(start, end));
      copies++;
    }
    for (const t of round.transfers) {
      const [start, end] = segments[t.segment] as [number, number];
      const own = buffers[t.to] as Float32Array;
      const received = (ranks[t.to] as DdpRank).received;
      if (t.op === 'add') {
        for (let k = start; k < end; k++) own[k] = (own[k] as number) + (received[k - start] as number);
      } else own.set(received.subarray(0, end - start), start);
    }
    onRound?.(round.round);
  }
  return copies;
}
