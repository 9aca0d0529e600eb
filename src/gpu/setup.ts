/**
 * A configuration's buffers and kernels, built so that a reconfiguration costs as little as it can:
 * kernels depend only on the model shape, the update rule and the binding sizes (see
 * `kernels/layoutTable.ts`), so any GPU count and any batch up to the arena's capacity reuse the same
 * pipelines; the data set is uploaded again only when it is a different object; the arena, header,
 * staging and timestamp buffers are kept when their sizes allow.
 */
import { MAX_BATCH, MAX_GPUS } from '../dp/chunk';
import type { DdpPhase } from '../dp/ddpPlan';
import { initParams } from '../nn/init';
import type { EngineConfig } from '../train/engine';
import { checkEngineConfig } from '../train/engineChecks';
import type { BufferPool } from './bufferPool';
import { type CompiledKernel, compileKernels } from './compile';
import type { GpuContext } from './context';
import { ddpKernels } from './ddpKernels';
import { BLOCKED, SINGLE, SMALL, type Tile } from './kernels/blocking';
import { writeLayoutTable } from './kernels/layoutTable';
import { writeOptimizerWords } from './kernels/optimizer';
import { type BindingSizes, HEADER } from './kernels/prelude';
import { type ArenaLayout, LOSS_PARTS, partition } from './partition';
import { predictorKernels } from './predictor';
import { stepKernels } from './stepKernels';
import { createPhaseTimer, type PhaseTimer, TIMESTAMP_BYTES } from './timestamps';

/** Where the loss parts sit in the small staging buffer, after the timestamps (bytes). */
export const STAGED_LOSS_AT = TIMESTAMP_BYTES;

/**
 * Which kernels a configuration runs: `tiered` (the default) starts on small-block kernels, which
 * compile several times faster, and moves to the blocked ones once they have compiled in the
 * background (at once when they are compiled already); `single`, `small` or `blocked` keeps one kind
 * throughout (tests compare them).
 */
export type KernelTier = 'tiered' | 'single' | 'small' | 'blocked';

/** The kernels a step runs now. */
export type TileName = 'single' | 'small' | 'blocked';

const TILES: Record<TileName, Tile> = { single: SINGLE, small: SMALL, blocked: BLOCKED };

export type Setup = {
  config: EngineConfig;
  layout: ArenaLayout;
  /** Rows the arena and header are sized for (≥ `config.maxBatch`; see `batchCapacity`). */
  batchCapacity: number;
  arena: GPUBuffer;
  data: GPUBuffer;
  labels: GPUBuffer;
  /** The step header, layout table and row indices: the one upload of a step. */
  header: GPUBuffer;
  headerWords: Uint32Array;
  headerFloats: Float32Array;
  bindGroup: GPUBindGroup;
  /** The kernels steps run now; replaced by the blocked ones when a tiered upgrade lands. */
  kernels: CompiledKernel[];
  /**
   * DDP's kernels in the tile steps run now (forward and backward are DataParallel's own pipelines,
   * so only the DDP-specific ones compile), on first need or in the background after the upgrade.
   */
  ddpKernels: () => Promise<CompiledKernel<DdpPhase>[]>;
  tile: TileName;
  /** Settles when the fastest kernels are in use (at once unless tiered). */
  upgraded: Promise<void>;
  /** Set when the engine moved on to another configuration: no more background compiling for it. */
  retired: boolean;
  /** Timestamps then the loss, mapped after a step that reads back. */
  staging: GPUBuffer;
  timer: PhaseTimer | null;
  sizes: BindingSizes;
};

/**
 * Rows the buffers are sized for: the larger of `maxBatch` and the data set's row count (the largest
 * batch the page asks for; at most `MAX_BATCH`), rounded up to a power of two (at least 64), and never
 * less than the previous configuration's capacity for the same model — so moving the batch slider
 * keeps the binding sizes and therefore the pipelines. Only the regions of the current layout are
 * billed to the logical GPUs; the rest of the arena is headroom for other GPU counts and batches.
 */
export function batchCapacity(maxBatch: number, datasetRows: number, previous: number): number {
  const wanted = Math.max(maxBatch, Math.min(datasetRows, MAX_BATCH));
  let capacity = 64;
  while (capacity < wanted) capacity *= 2;
  return Math.min(Math.max(capacity, previous), Math.max(MAX_BATCH, maxBatch));
}

/**
 * Floats the arena is sized for: the largest layout of any GPU count at this capacity (with Adam's
 * two state buffers and DDP's per-rank tensors), so the arena's binding size does not depend on N,
 * the update rule or the mode.
 */
export function arenaCapacity(model: EngineConfig['model'], rows: number): number {
  let floats = 0;
  for (let gpus = 1; gpus <= MAX_GPUS; gpus++) {
    floats = Math.max(floats, partition(model, gpus, rows, 'adam', 'ddp').totalFloats);
  }
  return floats;
}

/** Buffers may not be empty; round to whole floats. */
const bufferSize = (bytes: number): number => Math.max(16, Math.ceil(bytes / 4) * 4);

const sameModel = (a: EngineConfig['model'], b: EngineConfig['model']): boolean =>
  a.activation === b.activation &&
  a.layers.length === b.layers.length &&
  a.layers.every((width, i) => width === b.layers[i]);

/** The shapes each cache was already asked for (so a reconfiguration does not generate them again). */
const requested = new WeakMap<GpuContext['cache'], Set<string>>();

/**
 * Ask the cache, now, for every pipeline a tiered configuration of this shape uses after its first
 * steps — the blocked kernels it upgrades to, DDP's for a Mode switch, the predictor's for the decision
 * map — so they all compile in the background of the first configuration (behind its small kernels,
 * which are asked for first), and no later reconfiguration, upgrade, mode switch or prediction waits
 * on a compile or starts one. Kernels already in the cache are not compiled again; a failure leaves
 * the kernels that need it to fail when they are used.
 */
function requestLaterKernels(
  cache: GpuContext['cache'],
  model: EngineConfig['model'],
  optimizer: EngineConfig['optimizer']['kind'],
  sizes: BindingSizes,
  onCompile?: () => void,
): void {
  const key = JSON.stringify([model, optimizer, sizes]);
  const asked = requested.get(cache) ?? new Set<string>();
  requested.set(cache, asked);
  if (asked.has(key)) return;
  asked.add(key);
  const sources = [
    ...stepKernels(model, optimizer, sizes, BLOCKED),
    ...predictorKernels(model, sizes),
    ...ddpKernelsOrNone(model, optimizer, sizes, SMALL),
    ...ddpKernelsOrNone(model, optimizer, sizes, BLOCKED),
  ];
  for (const { source } of sources) cache.get(source, onCompile).catch(() => undefined);
}

/** DDP's kernels, or none for a model DDP's WebGPU step does not run (it fails when asked for). */
function ddpKernelsOrNone(...args: Parameters<typeof ddpKernels>): ReturnType<typeof ddpKernels> {
  try {
    return ddpKernels(...args);
  } catch {
    return [];
  }
}

/**
 * Build a configuration, reusing what `previous` (the engine's last setup, or null) allows. Buffers
 * it replaces are destroyed; everything lives in `pool`. `onCompile` is called for each pipeline
 * compiled (the engine counts them).
 */
export async function createSetup(
  context: GpuContext,
  pool: BufferPool,
  previous: Setup | null,
  config: EngineConfig,
  tier: KernelTier = 'tiered',
  onCompile?: () => void,
): Promise<Setup> {
  checkEngineConfig(config);
  const { device, cache, bindGroupLayout } = context;
  const { model, dataset } = config;
  const layout = partition(model, config.gpus, config.maxBatch, config.optimizer.kind, config.mode ?? 'dp');
  const headerWords0 = new Uint32Array(HEADER.rows);
  writeLayoutTable(headerWords0, layout);
  headerWords0[HEADER.ranks] = config.gpus;
  writeOptimizerWords(new Float32Array(headerWords0.buffer), config.optimizer);

  const sameShape = previous !== null && sameModel(previous.config.model, model);
  const rows = batchCapacity(config.maxBatch, dataset.count, sameShape ? (previous?.batchCapacity ?? 0) : 0);
  const arenaFloats = arenaCapacity(model, rows);
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (arenaFloats * 4 > limit) {
    throw new RangeError(
      `this model and batch need ${arenaFloats * 4} bytes of GPU memory, above this device's ${limit}`,
    );
  }
  const dataBytes = dataset.count * dataset.features * 4;
  if (dataBytes > limit)
    throw new RangeError(`the data set needs ${dataBytes} bytes, above this device's ${limit}`);
  const sizes: BindingSizes = {
    arena: arenaFloats,
    step: HEADER.rows + rows,
    data: Math.max(1, dataset.count * dataset.features),
    labels: Math.max(1, dataset.count),
  };

  // Compile (or find) the kernels first: nothing is allocated if a kernel fails.
  const kernelsOf = (tile: TileName) =>
    compileKernels(cache, stepKernels(model, config.optimizer.kind, sizes, TILES[tile]), onCompile);
  const blockedReady =
    tier === 'tiered' &&
    stepKernels(model, config.optimizer.kind, sizes, BLOCKED).every((k) => cache.has(k.source));
  const first: TileName = tier === 'tiered' ? (blockedReady ? 'blocked' : 'small') : tier;
  const kernels = kernelsOf(first);
  if (tier === 'tiered') requestLaterKernels(cache, model, config.optimizer.kind, sizes, onCompile);
  await kernels;

  const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
  const keep = (buffer: GPUBuffer | undefined, fits: boolean): GPUBuffer | null => {
    if (buffer === undefined) return null;
    if (fits) return buffer;
    pool.destroy(buffer);
    return null;
  };
  const arena =
    keep(previous?.arena, previous?.arena.size === arenaFloats * 4) ??
    pool.create({ label: 'arena', size: arenaFloats * 4, usage: storage | GPUBufferUsage.COPY_SRC }, 'arena');
  if (arena === previous?.arena) {
    // A kept arena starts over like a new one: zeroed (optimizer state included).
    const encoder = device.createCommandEncoder({ label: 'clear arena' });
    encoder.clearBuffer(arena);
    device.queue.submit([encoder.finish()]);
  }
  // The same data set object is already on the device: no upload.
  const sameData = previous !== null && previous.config.dataset === dataset;
  const data =
    keep(previous?.data, sameData) ??
    pool.create({ label: 'data set', size: bufferSize(sizes.data * 4), usage: storage }, 'gpu0');
  const labels =
    keep(previous?.labels, sameData) ??
    pool.create({ label: 'labels', size: bufferSize(sizes.labels * 4), usage: storage }, 'gpu0');
  if (!sameData) {
    device.queue.writeBuffer(data, 0, dataset.x, 0, dataset.count * dataset.features);
    device.queue.writeBuffer(labels, 0, dataset.y, 0, dataset.count);
  }
  const headerWords = new Uint32Array(sizes.step);
  headerWords.set(headerWords0);
  const header =
    keep(previous?.header, previous?.header.size === headerWords.byteLength) ??
    pool.create({ label: 'step header', size: headerWords.byteLength, usage: storage }, 'gpu0');
  const staging =
    previous?.staging ??
    pool.create(
      {
        label: 'loss readback',
        size: STAGED_LOSS_AT + LOSS_PARTS * 4,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      },
      'staging',
    );
  const timer = previous !== null ? previous.timer : createPhaseTimer(device, pool);
  device.queue.writeBuffer(arena, layout.local.params * 4, initParams(model, config.seed));

  const bindGroup = device.createBindGroup({
    label: 'dataparallel step',
    layout: bindGroupLayout,
    entries: [arena, header, data, labels].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const ddpByTile = new Map<TileName, Promise<CompiledKernel<DdpPhase>[]>>();
  const ddpKernelsOf = (tile: TileName): Promise<CompiledKernel<DdpPhase>[]> => {
    let compiled = ddpByTile.get(tile);
    if (compiled === undefined) {
      compiled = compileKernels(
        cache,
        ddpKernels(model, config.optimizer.kind, sizes, TILES[tile]),
        onCompile,
      );
      ddpByTile.set(tile, compiled);
    }
    return compiled;
  };
  const setup: Setup = {
    config,
    ddpKernels: () => ddpKernelsOf(setup.tile),
    layout,
    batchCapacity: rows,
    arena,
    data,
    labels,
    header,
    headerWords,
    headerFloats: new Float32Array(headerWords.buffer),
    bindGroup,
    kernels: await kernels,
    tile: first,
    upgraded: Promise.resolve(),
    retired: false,
    staging,
    timer,
    sizes,
  };
  if (config.mode === 'ddp') await ddpKernelsOf(first);
  if (first === 'small') {
    // Steps read `setup.kernels` when they encode, so the swap lands between two steps. Both tiles
    // add in the same order, so the switch does not change the numbers. If the blocked kernels fail
    // to compile, the small ones simply stay.
    setup.upgraded = kernelsOf('blocked').then(
      (blocked) => {
        setup.kernels = blocked;
        setup.tile = 'blocked';
      },
      () => undefined,
    );
  }
  // Then DDP's kernels, so switching the mode later compiles nothing (`ready()` waits for them too).
  if (tier === 'tiered') {
    setup.upgraded = setup.upgraded
      .then(() => (setup.retired ? undefined : ddpKernelsOf('blocked')))
      .then(
        () => undefined,
        () => undefined,
      );
  }
  return setup;
}

/**
 * `createSetup` inside validation and out-of-memory error scopes: a buffer the device cannot hold, or
 * any invalid object, rejects with the reason instead of failing silently later. On failure every
 * buffer in `pool` is destroyed (the previous configuration's too: the engine is left unconfigured).
 */
export async function createCheckedSetup(
  context: GpuContext,
  pool: BufferPool,
  previous: Setup | null,
  config: EngineConfig,
  tier: KernelTier,
  onCompile?: () => void,
): Promise<Setup> {
  const { device } = context;
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let built: Setup | null = null;
  let failure: string | undefined;
  try {
    built = await createSetup(context, pool, previous, config, tier, onCompile);
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  // Both scopes answer after the same round trip to the GPU process: wait for them together.
  const [invalid, outOfMemory] = await Promise.all([device.popErrorScope(), device.popErrorScope()]);
  failure ??= (outOfMemory ?? invalid)?.message;
  if (failure !== undefined || built === null) {
    (built ?? previous)?.timer?.destroy();
    pool.destroyAll();
    throw new Error(`the WebGPU engine could not be configured: ${failure ?? 'unknown reason'}`);
  }
  return built;
}
