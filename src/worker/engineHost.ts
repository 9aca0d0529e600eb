/**
 * The worker's engines, kept for the worker's life: one CPU engine (it trains when WebGPU is missing,
 * replays a link's steps, and stands in while WebGPU compiles), one WebGPU engine (so its device and
 * compiled pipelines outlive every reconfiguration; recreated only after a device loss) and scratch
 * engines of each kind for side computations such as comparisons.
 *
 * Configuring the WebGPU engine may take long the first time a model shape is seen (its kernels
 * compile); those configurations run one at a time, in the background of whatever the CPU is doing.
 */
import type { EngineChoice, EnginePreference } from '../train/createEngine';
import type { Engine, EngineConfig } from '../train/engine';
import type { SessionDeps } from './session';

export type EngineHost = {
  /** The CPU engine that trains and replays (configure it before use; it keeps no history). */
  cpu(): Promise<Engine>;
  /** The preferred engine: WebGPU (created once) or, when it is out, the CPU with the reason. */
  choose(prefer: EnginePreference): Promise<EngineChoice>;
  /**
   * Configure the WebGPU engine for `config`, after any configuration already under way; resolves
   * when it is done (rejects when it fails).
   */
  configureGpu(engine: Engine, config: EngineConfig): Promise<void>;
  /** Whether WebGPU was already configured for this model shape and optimizer (its kernels compiled). */
  compiledFor(config: EngineConfig): boolean;
  /**
   * A scratch engine of `engine`'s kind (sharing its device), reused between calls; each `role` gets
   * its own (a comparison keeps one on 1 GPU and one on N, so neither is reconfigured every time).
   */
  scratch(engine: Engine, role?: string): Promise<Engine>;
  /** Forget a WebGPU engine whose device was lost: the next `choose` acquires a new device. */
  dropGpu(reason: string): void;
  destroy(): void;
};

/** Destroy an engine that may already be broken (a lost device may fail to free its buffers). */
function release(engine: Engine | null | undefined): void {
  try {
    engine?.destroy();
  } catch {
    // Gone with its device anyway.
  }
}

export function createEngineHost(deps: SessionDeps): EngineHost {
  let cpu: Promise<Engine> | null = null;
  let gpu: Promise<EngineChoice> | null = null;
  /** WebGPU unavailable (no adapter, failed creation): remembered, so it is not retried every time. */
  let gpuMissing: string | null = null;
  let gpuQueue: Promise<unknown> = Promise.resolve();
  /** Scratch engines by kind and role (`kind/role`). */
  const scratches = new Map<string, Promise<Engine>>();
  /** Model shapes and optimizers WebGPU was configured for: their pipelines are in the device's cache. */
  const compiled = new Set<string>();
  const shapeOf = (config: EngineConfig): string => JSON.stringify([config.model, config.optimizer.kind]);

  const cpuEngine = (): Promise<Engine> => {
    cpu ??= deps.createCpuEngine();
    return cpu;
  };
  const cpuChoice = async (reason: string): Promise<EngineChoice> => {
    const engine = await cpuEngine();
    return { engine, info: { kind: 'cpu', label: engine.label, reason } };
  };

  return {
    cpu: cpuEngine,
    async choose(prefer) {
      if (prefer === 'cpu') return cpuChoice('CPU chosen in the settings');
      if (gpuMissing !== null) return cpuChoice(gpuMissing);
      gpu ??= deps.createEngine(prefer);
      const choice = await gpu;
      if (choice.engine.kind === 'webgpu') return choice;
      // createEngine answered with a CPU engine and the reason: use ours, and remember why.
      release(choice.engine);
      gpu = null;
      gpuMissing = choice.info.reason ?? 'WebGPU unavailable';
      return cpuChoice(gpuMissing);
    },
    configureGpu(engine, config) {
      const done = gpuQueue.then(async () => {
        await engine.configure(config);
        compiled.add(shapeOf(config));
      });
      gpuQueue = done.catch(() => undefined);
      return done;
    },
    compiledFor: (config) => compiled.has(shapeOf(config)),
    scratch(engine, role = 'scratch') {
      const key = `${engine.kind}/${role}`;
      let spare = scratches.get(key);
      if (spare === undefined) {
        spare = deps.spawnSibling(engine);
        scratches.set(key, spare);
        spare.catch(() => scratches.delete(key));
      }
      return spare;
    },
    dropGpu() {
      compiled.clear();
      const lost = gpu;
      gpu = null;
      gpuQueue = Promise.resolve();
      void lost?.then((choice) => release(choice.engine));
      for (const [key, spare] of scratches) {
        if (!key.startsWith('webgpu/')) continue;
        scratches.delete(key);
        void spare.then(release);
      }
    },
    destroy() {
      void cpu?.then(release);
      void gpu?.then((choice) => release(choice.engine));
      for (const spare of scratches.values()) void spare.then(release);
      cpu = null;
      gpu = null;
      scratches.clear();
    },
  };
}
