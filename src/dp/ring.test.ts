import { describe, expect, it } from 'vitest';
import { ringElementsSent, ringRoundCount, ringSchedule, ringSegments, segmentOf } from './ring';

/** Runs the schedule on symbolic buffers: each entry is the set of ranks whose value it sums. */
function simulate(ranks: number): Set<number>[][] {
  const buffers = Array.from({ length: ranks }, (_, r) =>
    Array.from({ length: ranks }, () => new Set<number>([r])),
  );
  for (const round of ringSchedule(ranks)) {
    const sent = round.transfers.map((t) => new Set(buffers[t.from]?.[t.segment]));
    for (const [k, t] of round.transfers.entries()) {
      const target = buffers[t.to] as Set<number>[];
      const incoming = sent[k] as Set<number>;
      if (t.op === 'add') {
        for (const r of incoming) {
          expect(target[t.segment]?.has(r)).toBe(false); // never counted twice
          target[t.segment]?.add(r);
        }
      } else target[t.segment] = new Set(incoming);
    }
  }
  return buffers;
}

describe('ringSchedule', () => {
  it.each([1, 2, 3, 4, 5, 8])('leaves every segment of every rank summed over all %i ranks', (n) => {
    expect(ringSchedule(n)).toHaveLength(ringRoundCount(n));
    expect(ringRoundCount(n)).toBe(2 * (n - 1));
    for (const rank of simulate(n)) for (const segment of rank) expect(segment.size).toBe(n);
  });

  it('sends to the next rank, adds first and copies after', () => {
    const rounds = ringSchedule(3);
    expect(rounds.map((r) => r.stage)).toEqual([
      'reduce-scatter',
      'reduce-scatter',
      'all-gather',
      'all-gather',
    ]);
    expect(rounds[0]?.transfers).toEqual([
      { from: 0, to: 1, segment: 0, op: 'add' },
      { from: 1, to: 2, segment: 1, op: 'add' },
      { from: 2, to: 0, segment: 2, op: 'add' },
    ]);
    for (const round of rounds) {
      for (const t of round.transfers) {
        const received = round.transfers.find((u) => u.to === t.from);
        expect(received?.segment).not.toBe(t.segment);
      }
    }
  });

  it('rejects a ring without ranks', () => {
    expect(() => ringSchedule(0)).toThrow(RangeError);
    expect(() => ringRoundCount(1.5)).toThrow(RangeError);
  });
});

describe('ringSegments', () => {
  it('cuts a bucket into N nearly equal segments that cover it', () => {
    expect(ringSegments(10, 3)).toEqual([
      [0, 4],
      [4, 7],
      [7, 10],
    ]);
    expect(ringSegments(2, 4)).toEqual([
      [0, 1],
      [1, 2],
      [2, 2],
      [2, 2],
    ]);
    expect(segmentOf(6, 10, 3)).toBe(1);
    expect(() => segmentOf(10, 10, 3)).toThrow(RangeError);
  });

  it('has each rank send 2(N−1)/N of the bucket', () => {
    expect(ringElementsSent(1200, 4, 0)).toBe(1800);
    expect(ringElementsSent(1200, 1, 0)).toBe(0);
    expect(ringElementsSent(10, 3, 0)).toBe(4 + 3 + 3 + 4);
  });
});
