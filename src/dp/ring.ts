/**
 * The ring all-reduce schedule DistributedDataParallel's backends (NCCL, gloo) use for a bucket, as a
 * pure function: which rank sends which segment to whom in each round. Both engines run it on their
 * ranks' real buffers, and the DDP trace and views draw it, so the picture is the computation.
 *
 * The bucket is cut into N segments. Reduce-scatter: in round t (0..N−2) rank r sends segment
 * (r − t) mod N to rank r + 1, which ADDS it to its own; afterwards rank r holds the complete sum of
 * segment (r + 1) mod N. All-gather: in round t rank r sends segment (r + 1 − t) mod N to rank r + 1,
 * which COPIES it over its own. 2(N − 1) rounds in all; each rank sends 2(N − 1)/N of the bucket.
 */

/** One segment crossing one link of the ring in one round. */
export type RingTransfer = {
  from: number;
  to: number;
  segment: number;
  /** `add`: the receiver adds the segment to its own (reduce-scatter); `copy`: it overwrites (all-gather). */
  op: 'add' | 'copy';
};

export type RingStage = 'reduce-scatter' | 'all-gather';

export type RingRound = {
  /** 0..2(N−1)−1 over the whole all-reduce. */
  round: number;
  stage: RingStage;
  /** Round number within its stage, 0..N−2. */
  stageRound: number;
  /** One transfer per rank, ordered by sender. Within a round no rank receives the segment it sends. */
  transfers: RingTransfer[];
};

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

function checkRanks(ranks: number): void {
  if (!Number.isInteger(ranks) || ranks < 1) {
    throw new RangeError(`a ring needs a positive whole number of ranks, got ${String(ranks)}`);
  }
}

/** Rounds a ring all-reduce over `ranks` ranks takes: 2(N − 1) (none for one rank). */
export function ringRoundCount(ranks: number): number {
  checkRanks(ranks);
  return 2 * (ranks - 1);
}

/**
 * The ring's rounds for `ranks` ranks, in order.
 * @throws RangeError when `ranks` is not a positive integer.
 */
export function ringSchedule(ranks: number): RingRound[] {
  checkRanks(ranks);
  const rounds: RingRound[] = [];
  const ring = Array.from({ length: ranks }, (_, r) => r);
  for (let t = 0; t + 1 < ranks; t++) {
    rounds.push({
      round: rounds.length,
      stage: 'reduce-scatter',
      stageRound: t,
      transfers: ring.map((r) => ({ from: r, to: mod(r + 1, ranks), segment: mod(r - t, ranks), op: 'add' })),
    });
  }
  for (let t = 0; t + 1 < ranks; t++) {
    rounds.push({
      round: rounds.length,
      stage: 'all-gather',
      stageRound: t,
      transfers: ring.map((r) => ({
        from: r,
        to: mod(r + 1, ranks),
        segment: mod(r + 1 - t, ranks),
        op: 'copy',
      })),
    });
  }
  return rounds;
}

/**
 * How a bucket of `length` elements is cut into `ranks` segments, half-open `[start, end)`: sizes differ
 * by at most one, the larger first (a segment may be empty when the bucket is shorter than the ring).
 */
export function ringSegments(length: number, ranks: number): [number, number][] {
  checkRanks(ranks);
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`a bucket length must be a whole number, got ${String(length)}`);
  }
  const base = Math.floor(length / ranks);
  const extra = length % ranks;
  const segments: [number, number][] = [];
  let start = 0;
  for (let s = 0; s < ranks; s++) {
    const size = base + (s < extra ? 1 : 0);
    segments.push([start, start + size]);
    start += size;
  }
  return segments;
}

/** The segment that holds element `index` of a bucket of `length` elements. */
export function segmentOf(index: number, length: number, ranks: number): number {
  const found = ringSegments(length, ranks).findIndex(([start, end]) => index >= start && index < end);
  if (found < 0) throw new RangeError(`element ${index} is outside a bucket of ${length}`);
  return found;
}

/** Elements rank `rank` sends over a whole all-reduce of a bucket of `length` (≈ 2(N−1)/N · length). */
export function ringElementsSent(length: number, ranks: number, rank: number): number {
  const segments = ringSegments(length, ranks);
  let sent = 0;
  for (const round of ringSchedule(ranks)) {
    const transfer = round.transfers[rank];
    const segment = transfer === undefined ? undefined : segments[transfer.segment];
    if (segment !== undefined) sent += segment[1] - segment[0];
  }
  return sent;
}
