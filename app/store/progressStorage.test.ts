import { describe, expect, it } from 'vitest';
import {
  CORRUPT_NOTICE,
  EMPTY_PROGRESS,
  loadProgress,
  mergeProgress,
  OUTDATED_NOTICE,
  openProgress,
  PROGRESS_KEY,
  type Progress,
  type ProgressStore,
  parseProgress,
  progressToJson,
  saveProgress,
  UNSAVED_NOTICE,
} from './progressStorage';

const KNOWN = { lessons: ['overview', 'split-batch', 'key-points'], exercises: ['split', 'memory'] };

function memoryStore(initial?: string): ProgressStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  if (initial !== undefined) data.set(PROGRESS_KEY, initial);
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, value);
    },
  };
}

const PROGRESS: Progress = {
  lesson: 'split-batch',
  completedLessons: ['overview', 'split-batch'],
  exercises: { split: { seed: 7, solved: true }, memory: { seed: 2, solved: false } },
};

describe('progress storage', () => {
  it('round-trips', () => {
    const store = memoryStore();
    expect(saveProgress(store, PROGRESS)).toBe(true);
    expect(loadProgress(store, KNOWN)).toEqual({ progress: PROGRESS, notice: null });
  });

  it('starts fresh and quietly when nothing was saved or there is no storage', () => {
    for (const store of [memoryStore(), undefined]) {
      const loaded = loadProgress(store, KNOWN);
      expect(loaded.notice).toBeNull();
      expect(loaded.progress).toEqual({ lesson: null, completedLessons: [], exercises: {} });
    }
  });

  it('starts fresh with a notice on corrupt JSON', () => {
    for (const raw of ['{not json', '', 'null', '[]', '42', '{"tutorial":{}}']) {
      const loaded = loadProgress(memoryStore(raw), KNOWN);
      expect(loaded.notice, raw).toBe(CORRUPT_NOTICE);
      expect(loaded.progress.completedLessons).toEqual([]);
    }
  });

  it('starts fresh with a notice when the version differs', () => {
    const store = memoryStore();
    saveProgress(store, PROGRESS);
    const old = JSON.parse(store.data.get(PROGRESS_KEY) ?? '{}') as Record<string, unknown>;
    for (const version of [0, 2]) {
      const loaded = loadProgress(memoryStore(JSON.stringify({ ...old, version })), KNOWN);
      expect(loaded.notice).toBe(OUTDATED_NOTICE);
      expect(loaded.progress.exercises).toEqual({});
    }
  });

  it('treats a right version with a wrong shape as corrupt', () => {
    const bad = [
      { version: 1, tutorial: { lesson: 3, completed: [] }, exercises: {} },
      { version: 1, tutorial: { lesson: null, completed: [1] }, exercises: {} },
      {
        version: 1,
        tutorial: { lesson: null, completed: [] },
        exercises: { split: { seed: -1, solved: true } },
      },
      { version: 1, tutorial: { lesson: null, completed: [] }, exercises: { split: { seed: 1 } } },
    ];
    for (const value of bad)
      expect(loadProgress(memoryStore(JSON.stringify(value)), KNOWN).notice).toBe(CORRUPT_NOTICE);
  });

  it('drops lessons and exercises the page no longer has, without a notice', () => {
    const value = {
      version: 1,
      tutorial: { lesson: 'gone', completed: ['overview', 'gone'] },
      exercises: { split: { seed: 3, solved: true }, retired: { seed: 1, solved: true } },
    };
    const loaded = loadProgress(memoryStore(JSON.stringify(value)), KNOWN);
    expect(loaded.notice).toBeNull();
    expect(loaded.progress).toEqual({
      lesson: null,
      completedLessons: ['overview'],
      exercises: { split: { seed: 3, solved: true } },
    });
  });

  it('survives a storage that throws', () => {
    const throwing: ProgressStore = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(loadProgress(throwing, KNOWN).notice).toBeNull();
    expect(saveProgress(throwing, PROGRESS)).toBe(false);
  });
});

/** A storage whose writes fail once `full` is set, like a browser at its quota. */
function fillableStore(initial?: string): ProgressStore & { data: Map<string, string>; full: boolean } {
  const store = { ...memoryStore(initial), full: false };
  const write = store.setItem;
  store.setItem = (key, value) => {
    if (store.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    write(key, value);
  };
  return store;
}

describe('a browser that will not save', () => {
  it('says once, at opening, when there is no storage or it throws', () => {
    const throwing: ProgressStore = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    for (const storage of [undefined, throwing]) {
      const opened = openProgress(storage, KNOWN);
      expect(opened.notices).toEqual([UNSAVED_NOTICE]);
      expect(opened.progress).toEqual(EMPTY_PROGRESS);
      expect(opened.saver.save(PROGRESS)).toBeNull();
      expect(opened.saver.save(PROGRESS)).toBeNull();
    }
  });

  it('says once, at opening, when the storage reads but is full', () => {
    const store = fillableStore(progressToJson(PROGRESS));
    store.full = true;
    const opened = openProgress(store, KNOWN);
    expect(opened.notices).toEqual([UNSAVED_NOTICE]);
    // What was saved is still read, and not overwritten.
    expect(opened.progress).toEqual(PROGRESS);
    expect(opened.saver.save(EMPTY_PROGRESS)).toBeNull();
    expect(store.data.get(PROGRESS_KEY)).toBe(progressToJson(PROGRESS));
  });

  it('says once when a later save fails, and saves again quietly when space comes back', () => {
    const store = fillableStore();
    const opened = openProgress(store, KNOWN);
    expect(opened.notices).toEqual([]);
    store.full = true;
    expect(opened.saver.save(PROGRESS)).toBe(UNSAVED_NOTICE);
    expect(opened.saver.save(PROGRESS)).toBeNull();
    store.full = false;
    expect(opened.saver.save(PROGRESS)).toBeNull();
    expect(loadProgress(store, KNOWN).progress).toEqual(PROGRESS);
  });

  it('repairs corrupt data at opening, so it is reported once', () => {
    const store = fillableStore('{not json');
    expect(openProgress(store, KNOWN).notices).toEqual([CORRUPT_NOTICE]);
    expect(openProgress(store, KNOWN).notices).toEqual([]);
  });
});

describe('the progress file', () => {
  it('round-trips through its JSON text', () => {
    expect(parseProgress(progressToJson(PROGRESS, 2), KNOWN)).toEqual({ progress: PROGRESS, notice: null });
  });

  it('refuses files that are not progress', () => {
    for (const text of ['', 'hello', '{"version":1}', '{"__proto__":{"version":1}}'])
      expect(parseProgress(text, KNOWN).notice, text).toBe(CORRUPT_NOTICE);
  });

  it('joins an import with what the page holds, losing no lesson done and no exercise solved', () => {
    const held: Progress = {
      lesson: 'key-points',
      completedLessons: ['key-points'],
      exercises: { split: { seed: 1, solved: false }, memory: { seed: 5, solved: true } },
    };
    expect(mergeProgress(held, PROGRESS, KNOWN)).toEqual({
      lesson: 'split-batch',
      completedLessons: ['overview', 'split-batch', 'key-points'],
      exercises: { split: { seed: 7, solved: true }, memory: { seed: 2, solved: true } },
    });
    expect(mergeProgress(PROGRESS, EMPTY_PROGRESS, KNOWN)).toEqual(PROGRESS);
  });
});
