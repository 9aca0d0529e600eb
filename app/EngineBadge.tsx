import { engineLabel } from '../src/gpu/probe';
import type { EngineInfo } from '../src/train/createEngine';
import { useStore } from './store/store';

/** The engine the worker really trains on, e.g. "WebGPU · swiftshader" or "CPU (WebGPU unavailable: …)". */
function workerLabel(info: EngineInfo): string {
  if (info.standIn) return 'CPU while WebGPU compiles';
  if (info.kind === 'cpu') return info.reason ? `CPU (${info.reason})` : info.label;
  // WebGPU with a reason: a new device after a loss, say so.
  return info.reason ? `${info.label} (${info.reason})` : info.label;
}

/**
 * Says which compute engine the training runs on: the page's own WebGPU probe at first, then the
 * engine the training worker actually uses (the CPU while WebGPU compiles its kernels, and another one
 * if WebGPU fails or its device is lost).
 */
export function EngineBadge() {
  const probe = useStore((state) => state.probe);
  const info = useStore((state) => state.engineInfo);
  const text = info ? workerLabel(info) : probe ? engineLabel(probe) : 'Checking for WebGPU…';
  const kind = info?.kind ?? probe?.kind ?? 'pending';
  return (
    <output className={`engine-badge engine-${kind}`} aria-label="Compute engine" title={text}>
      <span className="engine-dot" aria-hidden="true" />
      {text}
    </output>
  );
}
