import type { DatasetId } from '../../src/data/registry';
import type { Phase } from '../../src/dp/phase';
import type { Store } from '../store/store';
import type { OptimizerKind } from '../store/urlState';
import type { LessonId } from './lessonIds';

/** The page regions a lesson can point at (`data-tour="…"`). */
export type TourTarget =
  | 'settings'
  | 'gpus-slider'
  | 'stage'
  | 'playback'
  | 'narration'
  | 'code'
  | 'nvidia-smi'
  | 'charts'
  | 'scaling'
  | 'timeline'
  | 'exercises'
  | 'mode';

/** Text may be fixed, or read from the store so it can quote the numbers on the stage right now. */
export type LessonText = string | ((state: Store) => string);

/** A piece of a lesson. In text, `backticks` mark code. */
export type Block =
  | { kind: 'text'; text: LessonText }
  | { kind: 'code'; code: string }
  | { kind: 'list'; items: readonly string[] };

/** What the playground is set to when the lesson opens. */
export type LessonSetup = {
  gpus?: number;
  batch?: number;
  phase?: Phase;
  dataset?: DatasetId;
  optimizer?: OptimizerKind;
};

/** Where the learner stood when the lesson opened, for tasks like "go on to the next step". */
export type LessonStart = { step: number };

/** One option of a prediction the learner picks from. */
export type PredictionChoice = { id: string; label: string };

/** A guess the learner has locked in: its value for grading, and its words for showing. */
export type LockedGuess = { value: string; label: string };

/**
 * Predict → watch → verify: a question the learner answers before the task runs the real engine; once
 * the task is done, `verify` puts the guess next to what the step shows (graded by src/ functions).
 */
export type Prediction = {
  question: LessonText;
  answer:
    | {
        kind: 'typed';
        label: string;
        /** An example of the format, e.g. "4, 4, 2". */
        example: string;
        /** The guess, or why it could not be read (a format problem, not a wrong guess). */
        read(text: string): { ok: true; guess: string } | { ok: false; problem: string };
      }
    | { kind: 'choice'; choices(state: Store): readonly PredictionChoice[] };
  /** What the step shows, and whether the guess matches it; null until the step is on the stage. */
  verify(guess: string, state: Store): { right: boolean; actual: string } | null;
};

/** Something the learner must do before Next opens. */
export type LessonTask = {
  /** Asked before the task, when the lesson asks the learner to predict what the engine will show. */
  predict?: Prediction;
  /** What to do, as an imperative sentence. */
  instruction: string;
  /** The control "Take me there" moves the focus to. */
  control: 'gpus-slider' | 'next-phase' | 'mode-switch';
  isDone(state: Store, start: LessonStart): boolean;
  /** The confirmation, starting with "Done —", with the real numbers now on the stage. */
  doneText(state: Store, start: LessonStart): string;
};

export type Lesson = {
  id: LessonId;
  title: string;
  blocks: readonly Block[];
  /** Regions to highlight while the lesson is open (those missing from the page are skipped). */
  highlight: readonly TourTarget[];
  setup?: LessonSetup;
  task?: LessonTask;
  /** Shown once the task is done: the explanation a prediction must not see before it is made. */
  reveal?: readonly Block[];
};
