import { describe, expect, it } from 'vitest';
import { fullestGpu, instanceLedger, MEMORY_REASONS, type MemoryReasonId, memoryExercise } from './memory';

const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);

describe('which GPU fills up first', () => {
  it('is GPU 0 in every instance, by the memory ledger', () => {
    for (const seed of SEEDS) {
      const instance = memoryExercise.generate(seed);
      const ledger = instanceLedger(instance);
      expect(fullestGpu(ledger)).toBe(0);
      expect(ledger.gpus).toHaveLength(instance.gpus);
    }
  });

  it('accepts GPU 0 with the right reason and rejects every other GPU and reason', () => {
    for (const seed of SEEDS) {
      const instance = memoryExercise.generate(seed);
      const solution = memoryExercise.solve(instance);
      const result = memoryExercise.check(instance, solution);
      expect(result.correct).toBe(true);
      expect(result.explanation).toMatch(/GPU 0 peaks at \d/);
      for (let gpu = 1; gpu < instance.gpus; gpu++) {
        expect(memoryExercise.check(instance, { ...solution, gpu }).correct).toBe(false);
      }
      for (const reason of MEMORY_REASONS.map((choice) => choice.id)) {
        if (reason === 'keeps-more') continue;
        expect(
          memoryExercise.check(instance, { ...solution, reason: reason as MemoryReasonId }).correct,
        ).toBe(false);
      }
      expect(memoryExercise.check(instance, { gpu: 0, reason: null }).correct).toBe(false);
    }
  });

  it('never says GPU 0 keeps the originals besides its replica: replica 0 shares their storage', () => {
    const texts = [
      ...MEMORY_REASONS.map((choice) => choice.label),
      memoryExercise.check(
        { gpus: 3, batch: 10, dataset: 'digits', optimizer: 'adam' },
        { gpu: 1, reason: 'all-replicas' },
      ).explanation,
    ];
    for (const text of texts)
      expect(text).not.toMatch(/and replica, it keeps the original|keeps the original weights/);
    expect(texts.join(' ')).toContain("shares the original weights' storage");
  });

  it('mentions optimizer state only when there is some', () => {
    const base = { gpus: 4, batch: 10, dataset: 'spiral' as const };
    const sgd = memoryExercise.check({ ...base, optimizer: 'sgd' }, { gpu: 0, reason: 'keeps-more' });
    const adam = memoryExercise.check({ ...base, optimizer: 'adam' }, { gpu: 0, reason: 'keeps-more' });
    expect(sgd.explanation).not.toContain('optimizer state');
    expect(adam.explanation).toContain('optimizer state');
  });
});
