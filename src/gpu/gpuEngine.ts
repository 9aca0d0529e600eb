/**
 * The WebGPU engine: one adapter carved into N logical GPUs (see `partition.ts`), running each
 * `nn.DataParallel` training step as real GPU work — ONE header upload, ONE command encoder and ONE
 * submit per step, no readback unless the step asks for its loss or its detail.
 *
 * The engine owns its buffers; the device, bind group layout and compiled pipelines belong to its
 * `GpuContext` (see `context.ts`), shared with every other engine on the device and kept after
 * `destroy()`.
 */
import type {
  Engine,
  EngineConfig,
  EngineState,
  EngineStats,
  ParallelMode,
  StepRequest,
  StepResult,
} from '../train/engine';
import { checkEngineConfig, checkEngineState } from '../train/engineChecks';
import { type BufferPool, createBufferPool } from './bufferPool';
import { contextFor, type GpuContext, sharedGpuContext } from './context';
import { broadcastFromRank0, moveStateBetweenModes, stateRegions } from './ddpMode';
import { submitDdpStep } from './ddpStep';
import { writeLayoutTable } from './kernels/layoutTable';
import { sumLossParts } from './kernels/loss';
import {
  type ArenaLayout,
  arenaBytesPerDevice,
  findRegion,
  LOSS_PARTS,
  partition,
  type RegionName,
} from './partition';
import { createPredictor, type Predictor } from './predictor';
import { createQueueThrottle } from './queueThrottle';
import { encodeSnapshot, mapCopy, readSnapshot, type Span } from './readback';
import { createCheckedSetup, type KernelTier, type Setup, STAGED_LOSS_AT, type TileName } from './setup';
import { detailSpans, readDetail } from './stepDetail';
import { encodeStep } from './stepEncoder';
import { writeStepHeader } from './stepHeader';
import { phaseMilliseconds } from './timestamps';

/** The WebGPU engine, with its device-loss hook and read access to the logical GPUs' memory. */
export type GpuEngine = Engine & {
  readonly kind: 'webgpu';
  readonly device: GPUDevice;
  /** The device and compiled pipelines this engine shares with its siblings. */
  readonly context: GpuContext;
  /**
   * Call `callback` with a reason when the GPU device is lost (driver reset, GPU process crash, …).
   * `destroy()` does not count as a loss. Registering after a loss calls back at once. Returns an
   * unsubscribe function. After a loss every operation rejects; the owner falls back to the CPU
   * engine or creates a new GPU engine, and resumes from its last snapshot of the parameters.
   */
  onLost(callback: (reason: string) => void): () => void;
  /** The current arena layout (every logical GPU's regions), or null before `configure`. */
  layout(): ArenaLayout | null;
  /** Read region `name` of logical GPU `device` back to the CPU (tests, memory views). */
  readRegion(device: number, name: RegionName): Promise<Float32Array>;
  /**
   * Settles when the current configuration runs its fastest kernels: right after `configure` the
   * engine steps with kernels that compile in milliseconds, and swaps in the blocked ones once
   * they have compiled in the background (see `KernelTier`). Benchmarks of the steady state wait here.
   */
  ready(): Promise<void>;
  /** Which kernels steps run now ('small' until a tiered upgrade lands), or null before `configure`. */
  kernelTile(): TileName | null;
};

export type GpuEngineOptions = {
  /** Which kernels run (default 'tiered'); tests pin 'single' or 'blocked'. */
  kernels?: KernelTier;
};

/**
 * A WebGPU engine on `on`: a context (shared with the engines already on it), a device (its context),
 * or by default this worker's one shared device (`sharedGpuContext`, requested with 'timestamp-query'
 * when the adapter offers it). `destroy()` frees the engine's buffers, never the device.
 * @throws Error "WebGPU is unavailable: …" when no device can be had.
 */
export async function createGpuEngine(
  on?: GpuContext | GPUDevice,
  options: GpuEngineOptions = {},
): Promise<GpuEngine> {
  const tier = options.kernels ?? 'tiered';
  const context =
    on === undefined ? await sharedGpuContext() : 'cache' in on ? on : contextFor(on as GPUDevice);
  const gpu = context.device;
  const { cache, bindGroupLayout } = context;

  const pool: BufferPool = createBufferPool(gpu, context.buffers);
  let setup: Setup | null = null;
  let predictor: Predictor | null = null;
  let optimizerSteps = 0;
  let pipelinesCompiled = 0;
  const countCompile = (): void => {
    pipelinesCompiled++;
  };
  let lastDispatches = 0;
  const throttle = createQueueThrottle(gpu.queue);
  // Operations run one after another: a readback must finish before the next step reuses its staging.
  let tail: Promise<unknown> = Promise.resolve();

  let destroyed = false;
  let lostReason: string | null = null;
  const listeners = new Set<(reason: string) => void>();
  void gpu.lost.then((info) => {
    if (destroyed && info.reason === 'destroyed') return;
    lostReason = info.message || `the GPU device was lost (${info.reason})`;
    for (const listener of listeners) listener(lostReason);
  });

  const serial = <T>(operation: () => Promise<T>): Promise<T> => {
    const run = tail.then(operation);
    tail = run.catch(() => undefined);
    return run;
  };
  const current = (): Setup => {
    if (lostReason !== null) throw new Error(`the GPU device was lost: ${lostReason}`);
    if (destroyed) throw new Error('the WebGPU engine was destroyed');
    if (setup === null) throw new Error('the WebGPU engine is not configured');
    return setup;
  };

  /** Check the followed weight, then upload the step's header and rows; the step's shape. */
  const writeHeader = (state: Setup, request: StepRequest) => {
    const weight = request.detail?.weight;
    const count = state.layout.paramCount;
    if (weight !== undefined && !(Number.isInteger(weight) && weight >= 0 && weight < count))
      throw new RangeError(`detail.weight must be a parameter index below ${count}, got ${weight}`);
    const scratch = { words: state.headerWords, floats: state.headerFloats };
    return writeStepHeader(gpu.queue, state.header, scratch, state.config, request, optimizerSteps + 1);
  };

  async function runDdpStep(request: StepRequest): Promise<StepResult> {
    const state = current();
    const update = request.update !== false;
    const shape = writeHeader(state, request);
    const pending = submitDdpStep({
      device: gpu,
      pool,
      arena: state.arena,
      bindGroup: state.bindGroup,
      kernels: await state.ddpKernels(),
      layout: state.layout,
      shape: { ...shape, ranks: state.config.gpus },
      request,
      model: state.config.model,
      classes: state.config.dataset.classes,
    });
    lastDispatches = pending.dispatches;
    if (update) optimizerSteps++;
    if (pending.read === null) {
      await throttle.unread();
      return {};
    }
    throttle.reset();
    const { loss, detail } = await pending.read();
    return detail === undefined ? { loss } : { loss, detail };
  }

  async function runStep(request: StepRequest): Promise<StepResult> {
    const state = current();
    if (state.config.mode === 'ddp') return runDdpStep(request);
    const update = request.update !== false;
    const weight = request.detail?.weight;
    const shape = writeHeader(state, request);
    const readsBack = request.readLoss || weight !== undefined;
    const encoder = gpu.createCommandEncoder({ label: 'dataparallel step' });
    const classes = state.config.dataset.classes;
    const spans = weight === undefined ? [] : detailSpans(state.layout, shape, classes);
    let snapshot: ReturnType<typeof encodeSnapshot> | null = null;
    // Replica parameters are only rewritten by the next replicate, so copying them just before the
    // optimizer step still shows them as replicate left them.
    const takeSnapshot = (enc: GPUCommandEncoder): void => {
      if (spans.length > 0 && snapshot === null) snapshot = encodeSnapshot(enc, pool, state.arena, spans);
    };
    const encoded = encodeStep(encoder, state.kernels, state.bindGroup, shape, {
      update,
      passPerPhase: readsBack,
      timer: state.timer,
      beforePhase: (phase, enc) => {
        if (phase === 'optimizer-step') takeSnapshot(enc);
      },
    });
    takeSnapshot(encoder);
    if (readsBack) {
      state.timer?.resolve(encoder, state.staging, 0);
      encoder.copyBufferToBuffer(
        state.arena,
        state.layout.host.loss * 4,
        state.staging,
        STAGED_LOSS_AT,
        LOSS_PARTS * 4,
      );
    }
    gpu.queue.submit([encoder.finish()]);
    lastDispatches = encoded.dispatches;
    if (update) optimizerSteps++;

    if (!readsBack) {
      await throttle.unread();
      return {};
    }
    throttle.reset();
    // The loss and the detail were copied out by the same submit: map both at once (one round trip).
    const taken = snapshot as ReturnType<typeof encodeSnapshot> | null;
    const [staged, detailed] = await Promise.all([
      mapCopy(state.staging),
      taken === null ? null : readSnapshot(pool, taken, spans),
    ]);
    const result: StepResult = { loss: sumLossParts(new Float32Array(staged, STAGED_LOSS_AT, LOSS_PARTS)) };
    if (state.timer !== null)
      result.measuredMs = phaseMilliseconds(
        new BigUint64Array(staged, 0, STAGED_LOSS_AT / 8),
        encoded.phases,
      );
    if (detailed !== null && weight !== undefined) {
      result.detail = readDetail(detailed, shape, request.rows, weight);
    }
    return result;
  }

  async function copyOutAll(spans: readonly Span[]): Promise<Float32Array[]> {
    const state = current();
    const encoder = gpu.createCommandEncoder({ label: 'read' });
    const snapshot = encodeSnapshot(encoder, pool, state.arena, spans);
    gpu.queue.submit([encoder.finish()]);
    return readSnapshot(pool, snapshot, spans);
  }
  const copyOut = async (offset: number, length: number): Promise<Float32Array> =>
    (await copyOutAll([{ offset, length }]))[0] ?? new Float32Array(0);

  /** DDP: what rank 0 holds, onto every rank (the wrap's broadcast); nothing in DataParallel. */
  const broadcastIfDdp = (state: Setup): void => {
    if (state.config.mode === 'ddp')
      broadcastFromRank0(gpu, pool, state.arena, state.layout, state.config.optimizer.kind);
  };

  const engine: GpuEngine = {
    kind: 'webgpu',
    label: context.label,
    device: gpu,
    context,

    configure: (config: EngineConfig) =>
      serial(async () => {
        if (lostReason !== null || destroyed) current();
        checkEngineConfig(config);
        // The previous configuration's buffers are reused where they fit, or freed before the new
        // ones are allocated; its kernels are the new one's too when the model shape is the same.
        const previous = setup;
        if (previous !== null) previous.retired = true;
        predictor?.destroy();
        setup = null;
        predictor = null;
        optimizerSteps = 0;
        throttle.reset();
        setup = await createCheckedSetup(context, pool, previous, config, tier, countCompile);
        broadcastIfDdp(setup);
        lastDispatches = 0;
      }),

    step: (request: StepRequest) => serial(() => runStep(request)),

    setMode: (mode: ParallelMode) =>
      serial(async () => {
        const state = current();
        const { config } = state;
        if ((config.mode ?? 'dp') === mode) return;
        if (mode === 'ddp') await state.ddpKernels();
        const { model, gpus, maxBatch, optimizer } = config;
        const next = partition(model, gpus, maxBatch, optimizer.kind, mode);
        moveStateBetweenModes(gpu, pool, state.arena, state.layout, next, optimizer.kind);
        writeLayoutTable(state.headerWords, next);
        state.layout = next;
        state.config = { ...config, mode };
      }),

    readParams: () =>
      serial(() => {
        const { layout } = current();
        return copyOut(layout.local.params, layout.paramCount);
      }),

    writeParams: (params: Float32Array, resetOptimizer = false) =>
      serial(async () => {
        const { layout, arena } = current();
        if (params.length !== layout.paramCount) {
          throw new RangeError(`expected ${layout.paramCount} parameters, got ${params.length}`);
        }
        gpu.queue.writeBuffer(arena, layout.local.params * 4, params);
        if (resetOptimizer) {
          optimizerSteps = 0;
          const zeros = new Float32Array(layout.paramCount);
          for (const at of [
            layout.host.optimizerM,
            layout.host.optimizerV,
            layout.local.rankM,
            layout.local.rankV,
          ]) {
            if (at >= 0) gpu.queue.writeBuffer(arena, at * 4, zeros);
          }
        }
        broadcastIfDdp(current());
      }),

    readState: () =>
      serial(async () => {
        const { layout, config } = current();
        const count = layout.paramCount;
        const spans = [layout.local.params, ...stateRegions(layout, config.optimizer.kind)].map((offset) => ({
          offset,
          length: count,
        }));
        const [params, ...buffers] = await copyOutAll(spans);
        return {
          params: params ?? new Float32Array(0),
          optimizer: { buffers, t: optimizerSteps },
        } satisfies EngineState;
      }),

    writeState: (state: EngineState) =>
      serial(async () => {
        const { layout, arena, config } = current();
        checkEngineState(state, layout.paramCount, config.optimizer.kind);
        gpu.queue.writeBuffer(arena, layout.local.params * 4, state.params);
        for (const [i, at] of stateRegions(layout, config.optimizer.kind).entries()) {
          gpu.queue.writeBuffer(arena, at * 4, state.optimizer.buffers[i] as Float32Array);
        }
        optimizerSteps = state.optimizer.t;
        broadcastIfDdp(current());
      }),

    predict: (x: Float32Array, count: number) =>
      serial(() => {
        const state = current();
        predictor ??= createPredictor({
          device: gpu,
          pool,
          cache,
          bindGroupLayout,
          model: state.config.model,
          arena: state.arena,
          paramsAt: state.layout.local.params,
          sizes: state.sizes,
          data: state.data,
          labels: state.labels,
          onCompile: countCompile,
        });
        return predictor.predict(x, count);
      }),

    stats(): EngineStats {
      if (setup === null)
        return {
          dispatchesPerStep: 0,
          submitsPerStep: 0,
          bytesPerDevice: [],
          liveBuffers: pool.live,
          deviceBuffers: context.buffers.created - context.buffers.destroyed,
          pipelinesCompiled,
        };
      const bytes = arenaBytesPerDevice(setup.layout);
      bytes[0] = (bytes[0] ?? 0) + pool.bytes('gpu0');
      return {
        dispatchesPerStep: lastDispatches,
        submitsPerStep: 1,
        bytesPerDevice: bytes,
        liveBuffers: pool.live,
        deviceBuffers: context.buffers.created - context.buffers.destroyed,
        pipelinesCompiled,
      };
    },

    onLost(callback) {
      listeners.add(callback);
      if (lostReason !== null) queueMicrotask(() => callback(lostReason ?? 'the GPU device was lost'));
      return () => listeners.delete(callback);
    },

    layout: () => setup?.layout ?? null,

    // Waits for pending operations (a configure) without queueing behind them, so steps keep going.
    ready: () => tail.then(() => setup?.upgraded),

    kernelTile: () => setup?.tile ?? null,

    readRegion: (index: number, name: RegionName) =>
      serial(() => {
        const region = findRegion(current().layout, index, name);
        if (region === undefined) throw new RangeError(`GPU ${index} holds no region named ${name}`);
        return copyOut(region.offset, region.length);
      }),

    destroy(): void {
      if (destroyed) return;
      destroyed = true;
      setup?.timer?.destroy();
      pool.destroyAll();
      setup = null;
      predictor = null;
    },
  };
  return engine;
}
