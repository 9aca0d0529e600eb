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
 * Says which compute engine the training runs on, as the training worker reports it: the CPU while
 * WebGPU compiles its kernels, WebGPU once it takes over, the CPU with the reason when WebGPU is out,
 * fails or loses its device. The worker itself finds out whether WebGPU works (it acquires the device
 * and compiles the kernels), so the page does not probe a device of its own.
 */
export function EngineBadge() {
  const info = useStore((state) => state.engineInfo);
  const text = info ? workerLabel(info) : 'Starting the engine…';
  const kind = info?.kind ?? 'pending';
  return (
    <output className={`engine-badge engine-${kind}`} aria-label="Compute engine" title={text}>
      <span className="engine-dot" aria-hidden="true" />
      {text}
    </output>
  );
}
