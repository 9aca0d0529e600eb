import { engineLabel } from '../src/gpu/probe';
import { useStore } from './store/store';

/** Says which compute engine the training runs on, from a real WebGPU probe. */
export function EngineBadge() {
  const probe = useStore((state) => state.probe);
  const text = probe ? engineLabel(probe) : 'Checking for WebGPU…';
  const kind = probe?.kind ?? 'pending';
  return (
    <output className={`engine-badge engine-${kind}`} aria-label="Compute engine" title={text}>
      <span className="engine-dot" aria-hidden="true" />
      {text}
    </output>
  );
}
