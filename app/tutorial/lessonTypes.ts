import type { Phase } from '../../src/dp/phase';
import type { Store } from '../store/store';
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
  | 'mode';

/** Text may be fixed, or read from the store so it can quote the numbers on the stage right now. */
export type LessonText = string | ((state: Store) => string);

/** A piece of a lesson. In text, `backticks` mark code. */
export type Block =
  | { kind: 'text'; text: LessonText }
  | { kind: 'code'; code: string }
  | { kind: 'list'; items: readonly string[] };

/** What the playground is set to when the lesson opens. */
export type LessonSetup = { gpus?: number; batch?: number; phase?: Phase };

/** Where the learner stood when the lesson opened, for tasks like "go on to the next step". */
export type LessonStart = { step: number };

/** Something the learner must do before Next opens. */
export type LessonTask = {
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
};
