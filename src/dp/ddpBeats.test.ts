import { describe, expect, it } from 'vitest';
import { beatFrame, ddpBeats } from './ddpBeats';
import { buildDdpTrace } from './ddpTrace';

describe('ddpBeats', () => {
  it('has forward, backward, 2(N−1) ring rounds and the optimizer step', () => {
    const beats = ddpBeats(3, false);
    expect(beats.map((b) => ('round' in b ? `ring ${b.round}` : b.phase))).toEqual([
      'forward',
      'ring -1',
      'ring 0',
      'ring 1',
      'ring 2',
      'ring 3',
      'optimizer-step',
    ]);
  });

  it('shows the construction broadcast only when the model was just wrapped', () => {
    expect(ddpBeats(1, true).map((b) => b.phase)).toEqual([
      'construction-broadcast',
      'forward',
      'backward-all-reduce',
      'optimizer-step',
    ]);
  });

  it('holds a beat still: earlier beats done, this ring round on its way, later rounds not yet', () => {
    const built = buildDdpTrace({
      gpusPerNode: 3,
      globalBatch: 9,
      batchPerRank: 9,
      model: { layers: [2, 8, 2], activation: 'relu' },
      optimizer: 'sgd',
    });
    if (!built.ok) throw new Error(built.error.message);
    const beats = ddpBeats(3, false);
    const at = beats.findIndex((b) => b.phase === 'backward-all-reduce' && b.round === 1);
    const { done, moving } = beatFrame(built.value, beats, at);
    const ids = (round: number) =>
      built.value.events.filter((e) => e.kind === 'all-reduce' && e.round === round).map((e) => e.id);
    expect(ids(1)).toHaveLength(3);
    for (const id of [...ids(0), ...ids(1)]) expect(done.has(id)).toBe(true);
    for (const id of ids(2)) expect(done.has(id)).toBe(false);
    expect([...moving].sort()).toEqual(ids(1).sort());
    expect(done.has('forward:rank0')).toBe(true);
    expect(done.has('backward-all-reduce:rank2')).toBe(true);
    expect(done.has('optimizer-step:rank0')).toBe(false);
  });
});
