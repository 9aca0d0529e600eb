/**
 * The learner's progress — the current lesson, the lessons done, each exercise's instance and whether it
 * was solved — saved in localStorage under a versioned schema. Reading never throws: missing data is a
 * fresh start, and unreadable or outdated data is a fresh start with a message saying so.
 */

export const PROGRESS_KEY = 'dataparallel-playground:progress';
/** Bump when the saved shape changes; older data is then dropped with a notice. */
export const PROGRESS_VERSION = 1;

export type ExerciseProgress = { seed: number; solved: boolean };

export type Progress = {
  lesson: string | null;
  completedLessons: string[];
  exercises: Record<string, ExerciseProgress>;
};

type SavedProgress = {
  version: typeof PROGRESS_VERSION;
  tutorial: { lesson: string | null; completed: string[] };
  exercises: Record<string, ExerciseProgress>;
};

/** The part of `Storage` used here (tests pass a Map-backed fake). */
export type ProgressStore = Pick<Storage, 'getItem' | 'setItem'>;

/** Which ids still exist: saved ids the page no longer knows are dropped. */
export type KnownIds = { lessons: readonly string[]; exercises: readonly string[] };

export type LoadedProgress = { progress: Progress; notice: string | null };

export const EMPTY_PROGRESS: Progress = { lesson: null, completedLessons: [], exercises: {} };

export const CORRUPT_NOTICE =
  'Your saved tutorial and exercise progress could not be read, so both start fresh.';
export const OUTDATED_NOTICE =
  'Your saved tutorial and exercise progress is from an older version of this page, so both start fresh.';

function fresh(notice: string | null): LoadedProgress {
  return { progress: { ...EMPTY_PROGRESS, completedLessons: [], exercises: {} }, notice };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSeed(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2 ** 32;
}

/** Checks the shape of a parsed v1 record; `null` when anything is off. */
function readV1(value: Record<string, unknown>, known: KnownIds): Progress | null {
  const { tutorial, exercises } = value;
  if (!isRecord(tutorial) || !isRecord(exercises)) return null;
  const { lesson, completed } = tutorial;
  if (!(lesson === null || typeof lesson === 'string') || !Array.isArray(completed)) return null;
  if (!completed.every((id) => typeof id === 'string')) return null;
  const progress: Progress = {
    lesson: typeof lesson === 'string' && known.lessons.includes(lesson) ? lesson : null,
    completedLessons: known.lessons.filter((id) => completed.includes(id)),
    exercises: {},
  };
  for (const [id, entry] of Object.entries(exercises)) {
    if (!isRecord(entry) || !isSeed(entry.seed) || typeof entry.solved !== 'boolean') return null;
    if (known.exercises.includes(id)) progress.exercises[id] = { seed: entry.seed, solved: entry.solved };
  }
  return progress;
}

/** Reads saved progress; never throws. */
export function loadProgress(storage: ProgressStore | undefined, known: KnownIds): LoadedProgress {
  if (!storage) return fresh(null);
  let raw: string | null;
  try {
    raw = storage.getItem(PROGRESS_KEY);
  } catch {
    return fresh(null);
  }
  if (raw === null) return fresh(null);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return fresh(CORRUPT_NOTICE);
  }
  if (!isRecord(parsed) || typeof parsed.version !== 'number') return fresh(CORRUPT_NOTICE);
  if (parsed.version !== PROGRESS_VERSION) return fresh(OUTDATED_NOTICE);
  const progress = readV1(parsed, known);
  return progress ? { progress, notice: null } : fresh(CORRUPT_NOTICE);
}

/** Saves progress; returns false when the browser refuses (private mode, quota). */
export function saveProgress(storage: ProgressStore | undefined, progress: Progress): boolean {
  if (!storage) return false;
  const saved: SavedProgress = {
    version: PROGRESS_VERSION,
    tutorial: { lesson: progress.lesson, completed: progress.completedLessons },
    exercises: progress.exercises,
  };
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify(saved));
    return true;
  } catch {
    return false;
  }
}

/** The page's localStorage, or undefined where there is none or it is blocked. */
export function browserStorage(): ProgressStore | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}
