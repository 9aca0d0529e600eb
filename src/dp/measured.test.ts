import { describe, expect, it } from 'vitest';
import { buildDdpTrace } from './ddpTrace';
import { withMeasured } from './measured';
import { buildTrace, type StepTrace } from './trace';

function trace(gpus: number, batch: number): StepTrace {
  const result = buildTrace({
    gpus,
    batch,
    model: { layers: [2, 8, 2], activation: 'tanh' },
    optimizer: 'sgd',
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('withMeasured', () => {
  it('copies each phase’s measured time onto that phase’s events and keeps the modeled times', () => {
    const t = trace(3, 10);
    const measured = withMeasured(t, { forward: 0.8, 'reduce-add': 0.3 });
    for (const event of measured.events) {
      const original = t.events.find((candidate) => candidate.id === event.id);
      expect(event.modeledMs).toBe(original?.modeledMs);
      const expected = { forward: 0.8, 'reduce-add': 0.3 }[event.phase as 'forward' | 'reduce-add'];
      expect(event.measuredMs).toBe(expected);
    }
    expect(measured.measuredMs).toEqual({ forward: 0.8, 'reduce-add': 0.3 });
  });

  it('does not change the trace it was given', () => {
    const t = trace(3, 10);
    const before = JSON.stringify(t);
    withMeasured(t, { scatter: 1 });
    expect(JSON.stringify(t)).toBe(before);
  });

  it('drops values that are not finite, non-negative numbers', () => {
    const measured = withMeasured(trace(2, 4), {
      scatter: Number.NaN,
      forward: -1,
      loss: Number.POSITIVE_INFINITY,
      backward: 0,
    });
    expect(measured.measuredMs).toEqual({ backward: 0 });
  });

  it('gives skipped phases of the one-GPU shortcut no measurement: nothing ran', () => {
    const measured = withMeasured(trace(1, 8), { replicate: 0.1, gather: 0.1, forward: 0.5 });
    expect(measured.measuredMs).toEqual({ forward: 0.5 });
    expect(
      measured.events
        .filter((event) => event.kind === 'skipped')
        .every((event) => event.measuredMs === undefined),
    ).toBe(true);
  });

  it('replaces an earlier measurement instead of adding to it', () => {
    const twice = withMeasured(withMeasured(trace(2, 4), { forward: 2, loss: 1 }), { forward: 3 });
    expect(twice.measuredMs).toEqual({ forward: 3 });
    expect(twice.events.find((event) => event.phase === 'loss')?.measuredMs).toBeUndefined();
  });
});

describe('withMeasured on a DDP trace', () => {
  it("keeps DDP's phases and drops DataParallel's, which the DDP step does not have", () => {
    const built = buildDdpTrace({
      gpusPerNode: 3,
      globalBatch: 10,
      batchPerRank: 10,
      model: { layers: [2, 8, 2], activation: 'tanh' },
      optimizer: 'sgd',
    });
    if (!built.ok) throw new Error(built.error.message);
    const measured = withMeasured(built.value, {
      forward: 0.5,
      'backward-all-reduce': 1.25,
      'reduce-add': 9,
    } as Record<string, number>);
    expect(measured.measuredMs).toEqual({ forward: 0.5, 'backward-all-reduce': 1.25 });
    const ring = measured.events.filter((event) => event.kind === 'all-reduce');
    expect(ring.length).toBeGreaterThan(0);
    for (const event of ring) expect(event.measuredMs).toBe(1.25);
    expect(measured.events.find((event) => event.phase === 'optimizer-step')?.measuredMs).toBeUndefined();
  });
});
