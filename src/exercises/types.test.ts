import { describe, expect, it } from 'vitest';
import { EXERCISES } from './catalog';
import { anotherSeed, EXERCISE_IDS, feedbackText, formatSlip, isExerciseId, right, wrong } from './types';

describe('the exercise catalog', () => {
  it('has the ten exercises in page order, each under its own id', () => {
    expect(EXERCISE_IDS).toHaveLength(10);
    for (const id of EXERCISE_IDS) expect(EXERCISES[id].id).toBe(id);
    expect(isExerciseId('split')).toBe(true);
    expect(isExerciseId('nope')).toBe(false);
  });

  it('feedback: Correct; a first miss gets the hint and another try; a second the solution', () => {
    expect(feedbackText({ checked: right('Yes.'), misses: 0 })).toBe('Correct. Yes.');
    const miss = wrong('It is 4, 4, 2 because…', 'Your chunks add up to 11.');
    expect(feedbackText({ checked: miss, misses: 1 })).toBe(
      'Not quite. Hint: Your chunks add up to 11. Try again.',
    );
    expect(feedbackText({ checked: wrong('It is 4.'), misses: 1 }, 'Work out ⌈10/3⌉.')).toBe(
      'Not quite. Hint: Work out ⌈10/3⌉. Try again.',
    );
    expect(feedbackText({ checked: miss, misses: 2 })).toBe(
      'Not quite. The solution: It is 4, 4, 2 because…',
    );
    expect(feedbackText({ checked: formatSlip('write whole numbers.'), misses: 0 })).toBe(
      'Check the format: write whole numbers.',
    );
  });

  it('every exercise has a hint that does not give its answer away', () => {
    for (const id of EXERCISE_IDS) {
      const exercise = EXERCISES[id] as unknown as {
        generate(seed: number): unknown;
        solve(instance: unknown): unknown;
        hint?(instance: unknown): string;
      };
      for (const seed of [1, 2, 3]) {
        const instance = exercise.generate(seed);
        const hint = exercise.hint?.(instance) ?? '';
        expect(hint.length, id).toBeGreaterThan(20);
        const answer = exercise.solve(instance);
        if (typeof answer === 'string' && answer.includes(',')) expect(hint).not.toContain(answer);
      }
    }
  });

  it('"Try another" always gives a different instance', () => {
    for (const id of EXERCISE_IDS) {
      const exercise = EXERCISES[id] as { generate(seed: number): unknown };
      for (const seed of [1, 2, 3, 10, 99]) {
        const next = anotherSeed(exercise, seed);
        expect(next).toBeGreaterThan(seed);
        expect(JSON.stringify(exercise.generate(next))).not.toBe(JSON.stringify(exercise.generate(seed)));
      }
    }
  });
});
