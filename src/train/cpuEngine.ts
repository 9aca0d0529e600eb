import { resetOptimizerState } from '../nn/cpu/optimizer';
import { predictProbabilities } from '../nn/cpu/predict';
import { initParams } from '../nn/init';
import { dataParallelStep } from './cpu/dataParallelStep';
import { allocateMemory, arrayCount, bytesPerDevice, type CpuDevice, type CpuMemory } from './cpu/devices';
import type { Engine, EngineConfig, EngineState, EngineStats, StepRequest, StepResult } from './engine';
import { checkEngineConfig, checkStepRows } from './engineChecks';

/** The CPU engine, plus read-only access to its logical GPUs' arrays (for tests and memory views). */
export type CpuEngine = Engine & {
  /** The logical GPUs' live arrays; empty before `configure`. Do not write to them. */
  inspectDevices(): readonly CpuDevice[];
};

/**
 * A CPU engine; call `configure` before anything else. It keeps a reference to the configured data set
 * (the CPU's "upload"), so the caller must not change it while the configuration lives.
 */
export function createCpuEngine(): CpuEngine {
  let config: EngineConfig | null = null;
  let memory: CpuMemory | null = null;
  let lastKernelCalls = 0;

  const current = (): { config: EngineConfig; memory: CpuMemory } => {
    if (config === null || memory === null) throw new Error('the CPU engine is not configured');
    return { config, memory };
  };
  const originals = (): Float32Array => (current().memory.devices[0] as CpuDevice).params;

  return {
    kind: 'cpu',
    label: 'CPU',

    async configure(next: EngineConfig): Promise<void> {
      checkEngineConfig(next);
      // Drop the previous configuration before allocating the next, so both never live at once.
      config = null;
      memory = null;
      lastKernelCalls = 0;
      const fresh = allocateMemory(next);
      (fresh.devices[0] as CpuDevice).params.set(initParams(next.model, next.seed));
      config = next;
      memory = fresh;
    },

    async step(request: StepRequest): Promise<StepResult> {
      const state = current();
      checkStepRows(state.config, request.rows);
      const outcome = dataParallelStep(state.config, state.memory, request);
      lastKernelCalls = outcome.kernelCalls;
      const result: StepResult = { measuredMs: outcome.measuredMs };
      if (outcome.detail !== undefined) result.detail = outcome.detail;
      if (request.readLoss || outcome.detail !== undefined) result.loss = outcome.loss;
      return result;
    },

    async readParams(): Promise<Float32Array> {
      return originals().slice();
    },

    async writeParams(params: Float32Array, resetOptimizer = false): Promise<void> {
      const target = originals();
      if (params.length !== target.length) {
        throw new RangeError(`expected ${target.length} parameters, got ${params.length}`);
      }
      target.set(params);
      if (resetOptimizer) resetOptimizerState(current().memory.host.optimizer);
    },

    async readState(): Promise<EngineState> {
      const { optimizer } = current().memory.host;
      const buffers = [optimizer.m, optimizer.v].filter((buffer) => buffer.length > 0);
      return {
        params: originals().slice(),
        optimizer: { buffers: buffers.map((b) => b.slice()), t: optimizer.t },
      };
    },

    async writeState(state: EngineState): Promise<void> {
      const { optimizer } = current().memory.host;
      const targets = [optimizer.m, optimizer.v].filter((buffer) => buffer.length > 0);
      if (state.optimizer.buffers.length !== targets.length) {
        throw new RangeError(
          `this optimizer keeps ${targets.length} state buffers, the state has ${state.optimizer.buffers.length}`,
        );
      }
      const params = originals();
      if (state.params.length !== params.length) {
        throw new RangeError(`expected ${params.length} parameters, got ${state.params.length}`);
      }
      params.set(state.params);
      targets.forEach((target, i) => {
        const source = state.optimizer.buffers[i] as Float32Array;
        if (source.length !== target.length) throw new RangeError('optimizer state of the wrong size');
        target.set(source);
      });
      optimizer.t = state.optimizer.t;
    },

    async predict(x: Float32Array, count: number): Promise<Float32Array> {
      return predictProbabilities(current().config.model, originals(), x, count);
    },

    stats(): EngineStats {
      if (memory === null) {
        return { dispatchesPerStep: 0, submitsPerStep: 0, bytesPerDevice: [], liveBuffers: 0 };
      }
      return {
        dispatchesPerStep: lastKernelCalls,
        submitsPerStep: 0,
        bytesPerDevice: bytesPerDevice(memory),
        liveBuffers: arrayCount(memory),
      };
    },

    inspectDevices(): readonly CpuDevice[] {
      return memory?.devices ?? [];
    },

    destroy(): void {
      config = null;
      memory = null;
      lastKernelCalls = 0;
    },
  };
}
