import { describe, expect, it } from 'vitest';
import {
  CORRUPT_NOTICE,
  loadProgress,
  OUTDATED_NOTICE,
  PROGRESS_KEY,
  type Progress,
  type ProgressStore,
  saveProgress,
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
