import { describe, expect, it } from 'vitest';
import { chunkSizes } from '../dp/chunk';
import { busyGpusExercise } from './busyGpus';
import { splitExercise, splitKind } from './split';

const SEEDS = Array.from({ length: 300 }, (_, i) => i + 1);

describe('predict the split', () => {
  it('accepts the facts of torch.chunk, however they are typed', () => {
    const cases: [number, number, string][] = [
      [10, 4, '3, 3, 3, 1'],
      [10, 3, '4 4 2'],
      [10, 8, '2,2,2,2,2'],
      [10, 8, '2, 2, 2, 2, 2, 0, 0, 0'],
      [3, 4, '[1, 1, 1]'],
      [6, 4, '2 2 2'],
      [30, 8, '4,4,4,4,4,4,4,2'],
    ];
    for (const [batch, gpus, answer] of cases) {
      expect(splitExercise.check({ batch, gpus }, answer).correct, `${batch} on ${gpus}: ${answer}`).toBe(
        true,
      );
    }
  });

  it('rejects the balanced split with an explanation that names torch.chunk', () => {
    const result = splitExercise.check({ batch: 10, gpus: 4 }, '3, 3, 2, 2');
    expect(result.correct).toBe(false);
    expect(result.explanation).toContain('torch.chunk');
    expect(result.explanation).toContain('3, 3, 3, 1');
  });

  it('rejects near misses for many seeds', () => {
    for (const seed of SEEDS) {
      const instance = splitExercise.generate(seed);
      const sizes = chunkSizes(instance.batch, instance.gpus);
      expect(splitExercise.check(instance, splitExercise.solve(instance)).correct).toBe(true);
      const last = sizes.length - 1;
      const moved = sizes.map((size, i) => (i === last ? size + 1 : i === 0 ? size - 1 : size));
      const misses = [
        sizes.slice(0, -1).join(','),
        [...sizes, 1].join(','),
        moved.join(','),
        sizes.map((size, i) => (i === last ? size + 1 : size)).join(' '),
        [...sizes].reverse().join(',') === sizes.join(',') ? 'x' : [...sizes].reverse().join(','),
        '',
      ];
      for (const miss of misses) {
        const result = splitExercise.check(instance, miss);
        expect(result.correct, `${instance.batch} on ${instance.gpus}: "${miss}"`).toBe(false);
        expect(result.explanation.length).toBeGreaterThan(20);
      }
    }
  });

  it('draws even, uneven and idle cases', () => {
    const kinds = new Set(
      SEEDS.map((seed) => splitExercise.generate(seed)).map((i) => splitKind(i.batch, i.gpus)),
    );
    expect([...kinds].sort()).toEqual(['even', 'idle', 'uneven']);
  });

  it('gives the same instance for the same seed', () => {
    expect(splitExercise.generate(42)).toEqual(splitExercise.generate(42));
  });
});

describe('how many GPUs get work', () => {
  it('knows the classic cases', () => {
    const cases: [number, number, number][] = [
      [3, 4, 3],
      [6, 4, 3],
      [10, 8, 5],
      [4, 3, 2],
      [10, 4, 4],
      [30, 8, 8],
    ];
    for (const [batch, gpus, busy] of cases) {
      expect(busyGpusExercise.check({ batch, gpus }, String(busy)).correct).toBe(true);
      expect(busyGpusExercise.check({ batch, gpus }, `${busy} GPUs`).correct).toBe(true);
    }
  });

  it('rejects every other count for many seeds', () => {
    for (const seed of SEEDS) {
      const instance = busyGpusExercise.generate(seed);
      const busy = Number(busyGpusExercise.solve(instance));
      expect(busyGpusExercise.check(instance, String(busy)).correct).toBe(true);
      for (const miss of [busy - 1, busy + 1, instance.gpus, instance.batch]) {
        if (miss === busy) continue;
        const result = busyGpusExercise.check(instance, String(miss));
        expect(result.correct, `${instance.batch} on ${instance.gpus}: ${miss}`).toBe(false);
        expect(result.explanation).toContain(`${busy} busy GPUs`);
      }
      expect(busyGpusExercise.check(instance, 'some').correct).toBe(false);
    }
  });

  it('asks about idle GPUs more often than not', () => {
    const idle = SEEDS.map((seed) => busyGpusExercise.generate(seed)).filter(
      (i) => chunkSizes(i.batch, i.gpus).length < i.gpus,
    );
    expect(idle.length).toBeGreaterThan(SEEDS.length / 2);
  });

  it('answers a format slip as a format problem, not as wrong', () => {
    const instance = { batch: 23, gpus: 2 };
    const slip = splitExercise.check(instance, '11.5, 11.5');
    expect(slip.format).toBe(true);
    expect(slip.explanation).toMatch(/whole/);
    expect(splitExercise.check(instance, '１２，１１').correct).toBe(true);
    expect(splitExercise.check(instance, '  12 ,  11 ').correct).toBe(true);
  });

  it('gives a hint aimed at the mistake that does not contain the answer', () => {
    const instance = { batch: 10, gpus: 4 };
    const even = splitExercise.check(instance, '3, 3, 2, 2');
    expect(even.correct).toBe(false);
    expect(even.hint).toMatch(/even spread/);
    expect(even.hint).not.toContain('3, 3, 3, 1');
    expect(even.explanation).toContain('3, 3, 3, 1');
    const lost = splitExercise.check(instance, '3, 3, 3');
    expect(lost.hint).toContain('add up to 9');
    expect(lost.hint).not.toContain('3, 3, 3, 1');
  });
});
