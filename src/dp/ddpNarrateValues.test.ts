import { describe, expect, it } from 'vitest';
import { type DdpValues, narrateDdpPhaseValues, narrateRingRound } from './ddpNarrateValues';
import { buildDdpTrace, type DdpTrace } from './ddpTrace';

function trace(gpus: number, batch: number): DdpTrace {
  const result = buildDdpTrace({
    gpusPerNode: gpus,
    globalBatch: batch,
    batchPerRank: batch,
    model: { layers: [2, 16, 16, 2], activation: 'relu' },
    optimizer: 'sgd',
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Values of a 3-rank step, uneven (4, 4, 2): local gradients 0.3, 0.6, 0.9 → average 0.6. */
const VALUES: DdpValues = {
  rankLosses: [0.5, 0.6, 0.7],
  localGrads: [0.3, 0.6, 0.9],
  ringStart: [0.1, 0.2, 0.3],
  ringValues: [
    [0.1, 0.2, 0.5],
    [0.6, 0.2, 0.5],
    [0.6, 0.6, 0.5],
    [0.6, 0.6, 0.6],
  ],
  averagedGrads: [0.6, 0.6, 0.6],
  fullBatchGrad: 0.54,
  largestDifferenceFromFullBatch: 0.06,
  ranksIdentical: true,
  followedSegment: 1,
};

describe('DDP narration with the real values', () => {
  const t = trace(3, 10);

  it('forward: each rank its own chunk and loss, no scatter or gather', () => {
    expect(narrateDdpPhaseValues(t, 'forward', VALUES)).toBe(
      'Forward + loss: each rank loads its own chunk (4, 4, 2 rows) — no scatter, no gather — and computes the mean loss of its own rows: rank 0 0.5000, rank 1 0.6000, rank 2 0.7000.',
    );
  });

  it('all-reduce: the local gradients, 2(N−1) rounds, the average and its gap to the full-batch gradient', () => {
    const sentence = narrateDdpPhaseValues(t, 'backward-all-reduce', VALUES);
    expect(sentence).toContain('0.3000, 0.6000, 0.9000');
    expect(sentence).toContain('4 rounds');
    expect(sentence).toContain('every rank now holds 0.6000');
    expect(sentence).toContain('the largest difference over all weights is 0.06000');
    expect(sentence).toContain('1/(N·nᵢ)');
    expect(sentence).not.toMatch(/gather(?!ed)/);
  });

  it('optimizer step: every rank steps and the ranks agree', () => {
    expect(narrateDdpPhaseValues(t, 'optimizer-step', VALUES)).toContain(
      'all 3 ranks hold identical weights',
    );
  });

  it('a ring round names who sent the followed segment and every rank’s partial sum', () => {
    expect(narrateRingRound(t, 0, VALUES)).toBe(
      "Ring round 1 of 4 (reduce-scatter): rank 1 sends the followed weight's segment 1 to rank 2, which adds it; the followed entry on ranks 0–2 is now 0.1000, 0.2000, 0.5000.",
    );
    expect(narrateRingRound(t, 3, VALUES)).toContain('(all-gather)');
    expect(narrateRingRound(t, 3, VALUES)).toContain('copies it');
  });

  it('falls back to the plan’s sentence without values, and names idle ranks', () => {
    expect(narrateDdpPhaseValues(t, 'forward')).toContain('no scatter');
    const idle = trace(4, 3);
    const values = { ...VALUES, rankLosses: [0.5, 0.6, 0.7, null], localGrads: [0.3, 0.6, 0.9, 0] };
    expect(narrateDdpPhaseValues(idle, 'forward', values)).toContain('Rank 3 got no rows');
  });
});
