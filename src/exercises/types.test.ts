import { describe, expect, it } from 'vitest';
import { EXERCISES } from './catalog';
import { anotherSeed, EXERCISE_IDS, feedbackText, isExerciseId } from './types';

describe('the exercise catalog', () => {
  it('has the ten exercises in page order, each under its own id', () => {
    expect(EXERCISE_IDS).toHaveLength(10);
    for (const id of EXERCISE_IDS) expect(EXERCISES[id].id).toBe(id);
    expect(isExerciseId('split')).toBe(true);
    expect(isExerciseId('nope')).toBe(false);
  });

  it('feedback starts with Correct or Not quite', () => {
    expect(feedbackText({ correct: true, explanation: 'Yes.' })).toBe('Correct. Yes.');
    expect(feedbackText({ correct: false, explanation: 'No.' })).toBe('Not quite. No.');
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
