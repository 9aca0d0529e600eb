/**
 * The learner's progress — the current lesson, the lessons done, each exercise's instance and whether it
 * was solved — saved in localStorage under a versioned schema. Reading never throws: missing data is a
 * fresh start, and unreadable or outdated data is a fresh start with a message saying so. A browser that
 * will not store anything (no localStorage, private mode, a full quota) gets one message saying progress
 * will not be kept; the page goes on with what it holds in memory. The same schema is the progress file
 * a learner exports and imports to move between browsers.
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
export const UNSAVED_NOTICE =
  'This browser does not let the page save, so your tutorial and exercise progress lasts only while this tab is open. Export progress keeps a copy as a file.';

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
  return raw === null ? fresh(null) : parseProgress(raw, known);
}

/** Reads the saved schema from its JSON text; never throws. */
export function parseProgress(raw: string, known: KnownIds): LoadedProgress {
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

/** The saved schema as JSON text (also the exported progress file). */
export function progressToJson(progress: Progress, indent?: number): string {
  const saved: SavedProgress = {
    version: PROGRESS_VERSION,
    tutorial: { lesson: progress.lesson, completed: progress.completedLessons },
    exercises: progress.exercises,
  };
  return JSON.stringify(saved, null, indent);
}

/** Saves progress; returns false when the browser refuses (private mode, quota). */
export function saveProgress(storage: ProgressStore | undefined, progress: Progress): boolean {
  if (!storage) return false;
  try {
    storage.setItem(PROGRESS_KEY, progressToJson(progress));
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

function readable(storage: ProgressStore | undefined): storage is ProgressStore {
  try {
    storage?.getItem(PROGRESS_KEY);
    return storage !== undefined;
  } catch {
    return false;
  }
}

/** Saves progress and says, the first time only, that the browser refused. */
export type ProgressSaver = {
  /** Returns UNSAVED_NOTICE the first time a save fails, null otherwise. */
  save(progress: Progress): string | null;
};

/** `warned`: the learner has already been told (so a failing save stays quiet). */
export function createProgressSaver(storage: ProgressStore | undefined, warned = false): ProgressSaver {
  return {
    save(progress) {
      if (saveProgress(storage, progress) || warned) return null;
      warned = true;
      return UNSAVED_NOTICE;
    },
  };
}

export type OpenedProgress = { progress: Progress; notices: string[]; saver: ProgressSaver };

/**
 * Reads saved progress and writes it straight back: that repairs unreadable data at once (so it is
 * reported once) and finds out now, not after the learner's first lesson, whether this browser saves.
 */
export function openProgress(storage: ProgressStore | undefined, known: KnownIds): OpenedProgress {
  const { progress, notice } = loadProgress(storage, known);
  if (!readable(storage)) {
    // Writing back would replace progress that may be there but could not be read.
    return { progress, notices: [UNSAVED_NOTICE], saver: createProgressSaver(storage, true) };
  }
  const saver = createProgressSaver(storage);
  const unsaved = saver.save(progress);
  const notices = [notice, unsaved].filter((text): text is string => text !== null);
  return { progress, notices, saver };
}

/**
 * An imported file joined with what the page holds: lessons done and exercises solved in either are
 * kept (importing never loses progress), the current lesson and the exercise instances come from the file.
 */
export function mergeProgress(held: Progress, imported: Progress, known: KnownIds): Progress {
  const exercises: Progress['exercises'] = {};
  for (const id of known.exercises) {
    const mine = held.exercises[id];
    const theirs = imported.exercises[id];
    const seed = theirs?.seed ?? mine?.seed;
    if (seed !== undefined)
      exercises[id] = { seed, solved: mine?.solved === true || theirs?.solved === true };
  }
  const done = [...held.completedLessons, ...imported.completedLessons];
  return {
    lesson: imported.lesson ?? held.lesson,
    completedLessons: known.lessons.filter((id) => done.includes(id)),
    exercises,
  };
}
