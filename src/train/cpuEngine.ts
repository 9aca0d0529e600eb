import { resetOptimizerState } from '../nn/cpu/optimizer';
import { predictProbabilities } from '../nn/cpu/predict';
import { initParams } from '../nn/init';
import { dataParallelStep } from './cpu/dataParallelStep';
import { allocateDdpMemory, broadcastFromRank0, type DdpMemory, ddpArrays } from './cpu/ddpMemory';
import { ddpStep } from './cpu/ddpStep';
import { allocateMemory, arrayCount, bytesPerDevice, type CpuDevice, type CpuMemory } from './cpu/devices';
import type {
  Engine,
  EngineConfig,
  EngineState,
  EngineStats,
  ParallelMode,
  StepRequest,
  StepResult,
} from './engine';
import { checkEngineConfig, checkEngineState, checkStepRows, optimizerBufferCount } from './engineChecks';

function sumBytes(arrays: readonly ArrayBufferView[]): number {
  return arrays.reduce((sum, a) => sum + a.byteLength, 0);
}

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
  /** The ranks' DDP arrays while the model is wrapped in DDP; null in DataParallel mode. */
  let ddp: DdpMemory | null = null;
  let lastKernelCalls = 0;

  const current = (): { config: EngineConfig; memory: CpuMemory } => {
    if (config === null || memory === null) throw new Error('the CPU engine is not configured');
    return { config, memory };
  };
  const originals = (): Float32Array => (current().memory.devices[0] as CpuDevice).params;

  /** Wraps (DDP: the construction broadcast from rank 0) or unwraps the model in place. */
  async function setMode(mode: ParallelMode): Promise<void> {
    const state = current();
    if ((state.config.mode ?? 'dp') === mode) return;
    if (mode === 'ddp') {
      const wrapped = allocateDdpMemory(state.config, state.memory);
      broadcastFromRank0(state.memory, wrapped);
      ddp = wrapped;
    } else ddp = null; // GPU 0's params and optimizer state are rank 0's: DP carries on from them.
    config = { ...state.config, mode };
  }

  return {
    kind: 'cpu',
    label: 'CPU',

    async configure(next: EngineConfig): Promise<void> {
      checkEngineConfig(next);
      // Drop the previous configuration before allocating the next, so both never live at once.
      config = null;
      memory = null;
      ddp = null;
      lastKernelCalls = 0;
      const fresh = allocateMemory(next);
      (fresh.devices[0] as CpuDevice).params.set(initParams(next.model, next.seed));
      config = { ...next, mode: 'dp' };
      memory = fresh;
      if (next.mode === 'ddp') await setMode('ddp');
    },

    async step(request: StepRequest): Promise<StepResult> {
      const state = current();
      checkStepRows(state.config, request.rows);
      const outcome =
        ddp === null
          ? dataParallelStep(state.config, state.memory, request)
          : ddpStep(state.config, state.memory, ddp, request);
      lastKernelCalls = outcome.kernelCalls;
      const result: StepResult = { measuredMs: outcome.measuredMs };
      if (outcome.detail !== undefined) result.detail = outcome.detail;
      if (request.readLoss || outcome.detail !== undefined) result.loss = outcome.loss;
      return result;
    },

    setMode,

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
      if (ddp !== null) broadcastFromRank0(current().memory, ddp);
    },

    async readState(): Promise<EngineState> {
      const { config: active, memory: held } = current();
      const { m, v, t } = held.host.optimizer;
      const buffers = [m, v].slice(0, optimizerBufferCount(active.optimizer.kind)).map((b) => b.slice());
      return { params: originals().slice(), optimizer: { buffers, t } };
    },

    async writeState(state: EngineState): Promise<void> {
      const { config: active, memory: held } = current();
      checkEngineState(state, held.paramCount, active.optimizer.kind);
      originals().set(state.params);
      const { optimizer } = held.host;
      for (const [i, buffer] of [optimizer.m, optimizer.v]
        .slice(0, optimizerBufferCount(active.optimizer.kind))
        .entries()) {
        buffer.set(state.optimizer.buffers[i] as Float32Array);
      }
      optimizer.t = state.optimizer.t;
      // DDP: every rank continues from the same state (the wrap's broadcast).
      if (ddp !== null) broadcastFromRank0(held, ddp);
    },

    async predict(x: Float32Array, count: number): Promise<Float32Array> {
      return predictProbabilities(current().config.model, originals(), x, count);
    },

    stats(): EngineStats {
      if (memory === null) {
        return {
          dispatchesPerStep: 0,
          submitsPerStep: 0,
          bytesPerDevice: [],
          liveBuffers: 0,
          pipelinesCompiled: 0,
        };
      }
      return {
        dispatchesPerStep: lastKernelCalls,
        submitsPerStep: 0,
        bytesPerDevice: bytesPerDevice(memory).map(
          (bytes, rank) => bytes + (ddp === null ? 0 : sumBytes(ddpArrays(ddp, rank))),
        ),
        liveBuffers:
          arrayCount(memory) +
          (ddp === null
            ? 0
            : memory.devices.reduce((n, d) => n + ddpArrays(ddp as DdpMemory, d.index).length, 0)),
        pipelinesCompiled: 0,
      };
    },

    inspectDevices(): readonly CpuDevice[] {
      return memory?.devices ?? [];
    },

    destroy(): void {
      config = null;
      memory = null;
      ddp = null;
      lastKernelCalls = 0;
    },
  };
}
