import { PLAYBACK_SPEEDS } from '../store/playbackSlice';
import { useStore } from '../store/store';

/** Play/Pause, Previous/Next phase, Reset and speed. Keyboard: Space, ←, →, Home anywhere on the page. */
export function PlaybackControls() {
  const playing = useStore((state) => state.playing);
  const speed = useStore((state) => state.speed);
  const ready = useStore((state) => state.runStatus === 'ready' && state.shown !== undefined);
  const atStart = useStore((state) => state.cursor <= 0);
  const togglePlay = useStore((state) => state.togglePlay);
  const nextPhase = useStore((state) => state.nextPhase);
  const previousPhase = useStore((state) => state.previousPhase);
  const resetPlayback = useStore((state) => state.resetPlayback);
  const setSpeed = useStore((state) => state.setSpeed);
  return (
    <div className="playback" role="toolbar" aria-label="Playback" data-tour="playback">
      <button type="button" onClick={togglePlay} disabled={!ready} aria-keyshortcuts="Space">
        {playing ? 'Pause' : 'Play'}
      </button>
      <button
        type="button"
        onClick={previousPhase}
        disabled={!ready || atStart}
        aria-keyshortcuts="ArrowLeft"
      >
        Previous phase
      </button>
      <button
        type="button"
        onClick={nextPhase}
        disabled={!ready}
        aria-keyshortcuts="ArrowRight"
        className="primary"
      >
        Next phase
      </button>
      <button type="button" onClick={resetPlayback} disabled={!ready} aria-keyshortcuts="Home">
        Reset
      </button>
      <label className="speed">
        Speed
        <select value={speed} onChange={(event) => setSpeed(Number(event.currentTarget.value))}>
          {PLAYBACK_SPEEDS.map((value) => (
            <option key={value} value={value}>
              {value}×
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
