import { describe, expect, it } from 'vitest';
import { ddpPhaseView } from './ddpPhaseView';
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

describe('ddpPhaseView', () => {
  it('forward: each rank holds its own chunk — no scatter, no gather, no batch on GPU 0', () => {
    const view = ddpPhaseView(trace(3, 10), 'forward', { rankLosses: [0.5, 0.6, 0.7] });
    expect(view.objects.some((o) => o.kind === 'batch' || o.kind === 'gathered')).toBe(false);
    expect(view.objects.filter((o) => o.kind === 'chunk').map((o) => o.name)).toEqual([
      'x[0:4]',
      'x[4:8]',
      'x[8:10]',
    ]);
    expect(view.moves.every((m) => m.kind === 'compute')).toBe(true);
    expect(view.objects.find((o) => o.id === 'loss:gpu2')?.value).toBe(0.7);
  });

  it('all-reduce: ring moves between neighbours, one round at a time, with the partial sums', () => {
    const t = trace(3, 9);
    const ringValues = [
      [0.1, 0.3, 0.5],
      [0.6, 0.3, 0.5],
      [0.6, 0.6, 0.5],
      [0.6, 0.6, 0.6],
    ];
    const view = ddpPhaseView(t, 'backward-all-reduce', { ringValues, averagedGrads: [0.6, 0.6, 0.6] }, 1);
    const ring = view.moves.filter((m) => m.kind === 'ring');
    expect(view.collective).toBe('all-reduce');
    expect(ring).toHaveLength(3);
    for (const move of ring) expect(move.to).toBe((move.from + 1) % 3);
    expect(ring.find((m) => m.to === 0)?.label).toBe('s1');
    // Each rank's bucket shows its real partial value after this round; after the last, the average.
    expect(view.objects.filter((o) => o.kind === 'sum').map((o) => o.value)).toEqual([0.6, 0.3, 0.5]);
    const last = ddpPhaseView(t, 'backward-all-reduce', { ringValues, averagedGrads: [0.6, 0.6, 0.6] }, 3);
    expect(last.objects.filter((o) => o.kind === 'sum').map((o) => [o.name, o.value])).toEqual([
      ['mean grad', 0.6],
      ['mean grad', 0.6],
      ['mean grad', 0.6],
    ]);
    expect(view.outputDevice).toBeNull();
    const all = ddpPhaseView(t, 'backward-all-reduce').moves.filter((m) => m.kind === 'ring');
    expect(all).toHaveLength(2 * (3 - 1) * 3);
  });

  it('optimizer step on every rank; the wrap broadcast fans out from rank 0 once', () => {
    const t = trace(4, 8);
    const step = ddpPhaseView(t, 'optimizer-step', { ranksIdentical: true });
    expect(step.moves.map((m) => m.to)).toEqual([0, 1, 2, 3]);
    expect(step.result).toBe('all 4 ranks identical ✓');
    const wrap = ddpPhaseView(t, 'construction-broadcast');
    expect(wrap.moves.map((m) => [m.from, m.to])).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
    ]);
  });
});
