import { describe, expect, it } from 'vitest';
import { buildTrace } from '../dp/trace';
import {
  actualSplit,
  forwardRows,
  gradientRelation,
  outputsDevice,
  readCountGuess,
  readSplitGuess,
  replicaReceivers,
  weightsArrive,
} from './predictions';

function trace(gpus: number, batch: number) {
  const built = buildTrace({
    gpus,
    batch,
    model: { layers: [2, 16, 16, 2], activation: 'relu' },
    optimizer: 'sgd',
  });
  if (!built.ok) throw new Error(built.error.message);
  return built.value;
}

describe('the tutorial predictions, graded from the step', () => {
  it('reads a typed split, and answers a format slip as such', () => {
    expect(readSplitGuess(' ３, 3,3 ,1 ')).toEqual({ ok: true, guess: '3, 3, 3, 1' });
    const slip = readSplitGuess('2.5, 2.5, 2.5, 2.5');
    expect(slip.ok).toBe(false);
    expect(readCountGuess('1 sample')).toEqual({ ok: true, guess: '1' });
    expect(readCountGuess('one').ok).toBe(false);
  });

  it('reads the split, the outputs, the replicas and the rows off the trace', () => {
    const t = trace(4, 10);
    expect(actualSplit(t)).toBe('3, 3, 3, 1');
    expect(outputsDevice(t)).toBe(0);
    expect(outputsDevice(trace(1, 10))).toBe(0);
    expect(replicaReceivers(t)).toEqual([1, 2, 3]);
    expect(replicaReceivers(trace(8, 10))).toEqual([1, 2, 3, 4]);
    expect(forwardRows(t, 3)).toBe(1);
    expect(forwardRows(trace(8, 10), 6)).toBe(0);
  });

  it('says the weights reach the other GPUs at the next replicate, as the trace has no copy after the update', () => {
    expect(weightsArrive(trace(4, 10))).toBe('next-replicate');
    expect(weightsArrive(trace(1, 10))).toBe('never');
  });

  it('compares the summed gradient with one GPU: the same up to rounding, or larger or smaller', () => {
    const same = { grad: { single: 0.5, gathered: 0.5000001 }, maxAbsDiff: { gathered: 1e-8 } };
    expect(gradientRelation(same)).toBe('same');
    expect(gradientRelation({ grad: { single: 0.5, gathered: 2 }, maxAbsDiff: { gathered: 1.5 } })).toBe(
      'larger',
    );
    expect(gradientRelation({ grad: { single: 0.5, gathered: 0.125 }, maxAbsDiff: { gathered: 0.4 } })).toBe(
      'smaller',
    );
  });
});
