import { describe, expect, it } from 'vitest';
import { type OrderItemId, PHASE_ORDER, phaseOrderExercise } from './phaseOrder';

const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);

function swap(order: readonly OrderItemId[], i: number, j: number): OrderItemId[] {
  const copy = [...order];
  [copy[i], copy[j]] = [copy[j] as OrderItemId, copy[i] as OrderItemId];
  return copy;
}

describe('put the phases in order', () => {
  it('is PyTorch order: scatter before replicate, reduce-add before the step, the broadcast last', () => {
    expect(PHASE_ORDER).toEqual([
      'scatter',
      'replicate',
      'forward',
      'gather',
      'loss',
      'backward',
      'reduce-add',
      'optimizer-step',
      'next-replicate',
    ]);
    expect(phaseOrderExercise.check({ order: [] }, [...PHASE_ORDER]).correct).toBe(true);
  });

  it('shuffles every instance (never already solved) and keeps every item', () => {
    for (const seed of SEEDS) {
      const { order } = phaseOrderExercise.generate(seed);
      expect([...order].sort()).toEqual([...PHASE_ORDER].sort());
      expect(phaseOrderExercise.check({ order }, order).correct).toBe(false);
    }
  });

  it('rejects every swap of two items and names the first wrong place', () => {
    const instance = phaseOrderExercise.generate(1);
    for (let i = 0; i < PHASE_ORDER.length; i++) {
      for (let j = i + 1; j < PHASE_ORDER.length; j++) {
        const result = phaseOrderExercise.check(instance, swap(PHASE_ORDER, i, j));
        expect(result.correct).toBe(false);
        expect(result.explanation).toContain(`Place ${i + 1} should be`);
      }
    }
  });

  it('explains that nothing is sent after the optimizer step', () => {
    const answer = swap(PHASE_ORDER, 7, 8);
    const result = phaseOrderExercise.check(phaseOrderExercise.generate(3), answer);
    expect(result.explanation).toContain("Next step's Replicate");
    expect(result.explanation).toContain('next forward');
  });

  it('rejects lists with a missing or repeated item', () => {
    const repeated = [...PHASE_ORDER.slice(0, -1), 'scatter'] as OrderItemId[];
    expect(phaseOrderExercise.check({ order: [] }, repeated).correct).toBe(false);
    expect(phaseOrderExercise.check({ order: [] }, PHASE_ORDER.slice(1)).correct).toBe(false);
  });
});
