/**
 * What every exercise is made of: a seeded generator of instances, the answer `src/` computes for an
 * instance, and a pure checker that grades a learner's answer and explains it.
 */

/** The ids of the ten exercises, in the order the page shows them. */
export const EXERCISE_IDS = [
  'split',
  'busy-gpus',
  'phase-order',
  'parameters',
  'same-gradient',
  'memory',
  'scaling',
  'loss-inside',
  'ddp-gradient',
  'ring-bytes',
] as const;

export type ExerciseId = (typeof EXERCISE_IDS)[number];

/** A grade: right or not, and why, in words for the learner. */
export type Checked = { correct: boolean; explanation: string };

/** One option of a multiple-choice question. */
export type Choice<Id extends string = string> = { id: Id; label: string };

export type Exercise<Instance, Answer> = {
  id: ExerciseId;
  title: string;
  /** The same seed always gives the same instance; another seed, usually another one. */
  generate(seed: number): Instance;
  /** The right answer, computed by the project's own DataParallel code. */
  solve(instance: Instance): Answer;
  check(instance: Instance, answer: Answer): Checked;
};

/** Whether a string names an exercise (for saved progress). */
export function isExerciseId(value: string): value is ExerciseId {
  return (EXERCISE_IDS as readonly string[]).includes(value);
}

/** The feedback line: it always starts with "Correct" or "Not quite", then the explanation. */
export function feedbackText(checked: Checked): string {
  return `${checked.correct ? 'Correct' : 'Not quite'}. ${checked.explanation}`;
}

export function right(explanation: string): Checked {
  return { correct: true, explanation };
}

export function wrong(explanation: string): Checked {
  return { correct: false, explanation };
}

/**
 * The next seed for "Try another": the first seed after `seed` whose instance differs from the
 * current one (a generator can repeat itself), so the learner always gets something new.
 */
export function anotherSeed<I>(exercise: Pick<Exercise<I, unknown>, 'generate'>, seed: number): number {
  const current = JSON.stringify(exercise.generate(seed));
  for (let next = seed + 1; next < seed + 50; next++) {
    if (JSON.stringify(exercise.generate(next)) !== current) return next;
  }
  return seed + 1;
}
