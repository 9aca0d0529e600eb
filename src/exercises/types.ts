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

/**
 * A grade: right or not, and why, in words for the learner. `explanation` gives the whole reasoning,
 * answer included; a wrong grade may add a `hint` aimed at the mistake that does not give the answer
 * away (shown after a first miss). A `format` grade is not a miss: the answer could not be read as the
 * question asks (decimals where whole numbers are expected, …), and the learner is told how to write it.
 */
export type Checked = { correct: boolean; explanation: string; hint?: string; format?: boolean };

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
  /**
   * A nudge toward the rule for this instance, without the answer: the first miss's hint when the
   * checker gives none for the mistake. (Optional in the type so a new exercise compiles before it has
   * one; the catalog test requires it of every exercise.)
   */
  hint?(instance: Instance): string;
};

/** Whether a string names an exercise (for saved progress). */
export function isExerciseId(value: string): value is ExerciseId {
  return (EXERCISE_IDS as readonly string[]).includes(value);
}

/** How far the learner has got with one instance: misses so far decide hint or solution. */
export type Attempt = { checked: Checked; misses: number };

/**
 * The feedback line. It starts with "Correct", "Not quite" or "Check the format". The first miss gives
 * a hint aimed at the mistake (the checker's, or the exercise's own nudge) and asks for another try;
 * the second and later show the solution with its reasoning.
 */
export function feedbackText({ checked, misses }: Attempt, fallbackHint = ''): string {
  if (checked.correct) return `Correct. ${checked.explanation}`;
  if (checked.format) return `Check the format: ${checked.explanation}`;
  if (misses <= 1) {
    const hint = [checked.hint, fallbackHint].filter((text) => text !== undefined && text !== '').join(' ');
    return `Not quite. Hint: ${hint || 'look again at the rule this question is about.'} Try again.`;
  }
  return `Not quite. The solution: ${checked.explanation}`;
}

export function right(explanation: string): Checked {
  return { correct: true, explanation };
}

/** A wrong answer: the full reasoning (with the answer), and optionally a hint about this mistake. */
export function wrong(explanation: string, hint?: string): Checked {
  return hint === undefined ? { correct: false, explanation } : { correct: false, explanation, hint };
}

/** An answer that could not be read as the question asks: not a miss. */
export function formatSlip(explanation: string): Checked {
  return { correct: false, explanation, format: true };
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
