/**
 * Stores for component and store tests: `createAppStore` over a worker client that is not there (every
 * request rejects, unless a test passes its own), an in-memory progress storage and an empty address;
 * and `withStore`, the render option that puts a store above the rendered component.
 */
import type { ReactNode } from 'react';
import type { TrainingClient } from '../../src/worker/client';
import type { ProgressStore } from '../store/progressStorage';
import { type AppStore, createAppStore, StoreProvider } from '../store/store';

/** A client whose requests all reject: for tests that never reach the worker. */
export function absentClient(): TrainingClient {
  const absent = () => Promise.reject(new Error('no training worker in this test'));
  return {
    configure: absent,
    step: absent,
    run: absent,
    pause: absent,
    snapshot: absent,
    restore: absent,
    evaluate: absent,
    boundary: absent,
    predict: absent,
    compare: absent,
    stats: absent,
    dispose: absent,
    subscribe: () => () => {},
    terminate: () => {},
  };
}

/** A Map-backed storage. */
export function memoryStorage(): ProgressStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, value);
    },
  };
}

export function createTestStore(
  options: { client?: TrainingClient; storage?: ProgressStore; search?: string } = {},
): AppStore {
  return createAppStore({
    client: options.client ?? absentClient(),
    storage: options.storage ?? memoryStorage(),
    location: { search: options.search ?? '' },
  });
}

/** Render options that provide `store` to the rendered tree. */
export function withStore(store: AppStore): { wrapper: (props: { children: ReactNode }) => ReactNode } {
  return { wrapper: ({ children }) => <StoreProvider store={store}>{children}</StoreProvider> };
}
