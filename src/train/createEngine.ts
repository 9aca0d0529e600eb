/**
 * Picks the engine: WebGPU when it really works here, else the CPU reference — and records why, so the
 * page can say which engine runs and, on the CPU, what kept WebGPU out.
 *
 * Both engines are imported lazily: the WebGPU engine's code (and WGSL) is loaded only when it is
 * tried, and a page or test that only needs the CPU never evaluates it.
 */
import type { GpuContext } from '../gpu/context';
import type { Engine } from './engine';

/** The learner's choice; `auto` means WebGPU when it works, else the CPU. */
export type EnginePreference = 'auto' | 'webgpu' | 'cpu';

/** What the page shows about the running engine. */
export type EngineInfo = {
  kind: Engine['kind'];
  /** E.g. "WebGPU · swiftshader" or "CPU". */
  label: string;
  /** Why this engine runs when it is not the first choice, e.g. "WebGPU unavailable: no adapter". */
  reason: string | null;
  /** The CPU standing in while WebGPU compiles its kernels; WebGPU takes over when they are ready. */
  standIn?: boolean;
};

export type EngineChoice = { engine: Engine; info: EngineInfo };

/** How to build each engine (tests pass stubs; the defaults import the real ones). */
export type EngineFactories = {
  webgpu: () => Promise<Engine>;
  cpu: () => Promise<Engine>;
  /** Whether this context exposes WebGPU at all (`navigator.gpu`). */
  hasWebGpu: () => boolean;
};

/** The real engines, imported on first use. */
export const DEFAULT_FACTORIES: EngineFactories = {
  webgpu: async () => (await import('../gpu/gpuEngine')).createGpuEngine(),
  cpu: async () => (await import('./cpuEngine')).createCpuEngine(),
  hasWebGpu: () => typeof navigator !== 'undefined' && 'gpu' in navigator && navigator.gpu !== undefined,
};

function reasonOf(error: unknown): string {
  // The WebGPU code already words its errors "WebGPU is unavailable: …"; say that only once.
  const message = (error instanceof Error ? error.message : String(error)).replace(
    /^WebGPU (is )?unavailable:\s*/i,
    '',
  );
  return message.length > 0 ? message : 'unknown error';
}

/**
 * A new, unconfigured engine of the same kind as `engine` — for side computations (a 1-GPU vs N-GPU
 * comparison) that must not disturb the running one. A WebGPU engine's sibling shares its device and its compiled pipelines.
 */
export async function spawnSibling(
  engine: Engine,
  factories: EngineFactories = DEFAULT_FACTORIES,
): Promise<Engine> {
  if (engine.kind === 'cpu') return factories.cpu();
  // A WebGPU engine's sibling runs on its context: the same device and compiled pipelines.
  const context = (engine as { context?: GpuContext }).context;
  if (context === undefined) return factories.webgpu();
  return (await import('../gpu/gpuEngine')).createGpuEngine(context);
}

/** The CPU engine with the reason WebGPU is not running. */
export async function cpuChoice(reason: string | null, factories: EngineFactories): Promise<EngineChoice> {
  const engine = await factories.cpu();
  return { engine, info: { kind: engine.kind, label: engine.label, reason } };
}

/**
 * Create the preferred engine, falling back to the CPU (never failing for want of WebGPU).
 * @throws only when the CPU engine itself cannot be created.
 */
export async function createEngine(
  prefer: EnginePreference = 'auto',
  factories: EngineFactories = DEFAULT_FACTORIES,
): Promise<EngineChoice> {
  if (prefer === 'cpu') return cpuChoice('CPU chosen in the settings', factories);
  if (!factories.hasWebGpu())
    return cpuChoice('WebGPU unavailable: this browser has no navigator.gpu', factories);
  try {
    const engine = await factories.webgpu();
    return { engine, info: { kind: engine.kind, label: engine.label, reason: null } };
  } catch (error) {
    return cpuChoice(`WebGPU unavailable: ${reasonOf(error)}`, factories);
  }
}
