import { useStore } from '../store/store';
import { MODES, type Mode } from '../store/urlState';

const LABELS: Record<Mode, string> = { dp: 'DataParallel', ddp: 'DistributedDataParallel' };

/**
 * DataParallel | DistributedDataParallel on the same settings, data and seed. Switching replays the run
 * to the same step in the other mode (as a shared link would), so the step count is kept.
 */
export function ModeSwitch() {
  const mode = useStore((state) => state.mode);
  const setMode = useStore((state) => state.setMode);
  return (
    <fieldset className="mode-switch" aria-label="Mode" data-tour="mode">
      {MODES.map((m) => (
        <button key={m} type="button" aria-pressed={mode === m} onClick={() => setMode(m)}>
          {LABELS[m]}
        </button>
      ))}
    </fieldset>
  );
}
