import { useState } from 'react';

/**
 * A piece of state that belongs to one exercise instance: it starts over at `initial` whenever the
 * instance (its seed) changes, without an effect or a remount.
 */
export function useDraft<T>(seed: number, initial: T): [T, (value: T) => void] {
  const [draft, setDraft] = useState<{ seed: number; value: T }>({ seed, value: initial });
  const value = draft.seed === seed ? draft.value : initial;
  return [value, (next: T) => setDraft({ seed, value: next })];
}
