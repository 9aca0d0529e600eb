import { cleanup, renderHook } from '@testing-library/react';
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStore, withStore } from '../testing/testStore';
import { useUrlSync } from './useUrlSync';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

describe('useUrlSync, the one writer of the query string', () => {
  it('mirrors the lesson and the settings into the URL, each keeping the other', () => {
    window.history.replaceState(null, '', '/?gpus=4&lesson=overview');
    const store = createTestStore();
    renderHook(() => useUrlSync(), withStore(store));
    expect(store.getState().gpus).toBe(4);
    act(() => store.getState().goToLesson('memory'));
    expect(new URLSearchParams(window.location.search).get('lesson')).toBe('memory');
    act(() => store.getState().setGpus(6));
    const query = new URLSearchParams(window.location.search);
    expect(query.get('gpus')).toBe('6');
    expect(query.get('lesson')).toBe('memory');
  });
});
