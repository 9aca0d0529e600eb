import { useEffect, useRef } from 'react';
import { traceDuration } from '../../src/dp/playback';
import { useStore, useStoreApi } from '../store/store';

/**
 * A range input over the whole step's playback clock. Its value follows the cursor through a store
 * subscription (60 times a second while playing) instead of re-rendering.
 */
export function PhaseScrubber() {
  const trace = useStore((state) => state.shown?.trace);
  const seek = useStore((state) => state.seek);
  const input = useRef<HTMLInputElement>(null);
  const store = useStoreApi();
  const present = trace !== undefined;
  useEffect(() => {
    if (!present) return;
    const sync = (cursor: number) => {
      if (input.current) input.current.value = String(Math.round(cursor));
    };
    sync(store.getState().cursor);
    return store.subscribe((state, previous) => {
      if (state.cursor !== previous.cursor) sync(state.cursor);
    });
  }, [store, present]);
  if (!trace) return null;
  return (
    <input
      ref={input}
      type="range"
      className="scrubber"
      aria-label="Position in the step"
      min={0}
      max={traceDuration(trace)}
      step={10}
      defaultValue={0}
      onChange={(event) => seek(Number(event.currentTarget.value))}
    />
  );
}
