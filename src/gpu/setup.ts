import { initParams } from '../nn/init';
import type { EngineConfig } from '../train/engine';
import { checkEngineConfig } from '../train/engineChecks';
import type { BufferPool } from './bufferPool';
import { type CompiledKernel, compileKernels, type PipelineCache } from './compile';
import { BLOCKED, SINGLE, SMALL, type Tile } from './kernels/blocking';
import { type BindingSizes, HEADER } from './kernels/prelude';
import { type ArenaLayout, LOSS_PARTS, partition } from './partition';
import { stepKernels } from './stepKernels';
import { createPhaseTimer, type PhaseTimer, TIMESTAMP_BYTES } from './timestamps';

/** Where the loss parts sit in the small staging buffer, after the timestamps (bytes). */
export const STAGED_LOSS_AT = TIMESTAMP_BYTES;

/**
 * Which kernels a configuration runs: `tiered` (the default) starts on small-block kernels, which
 * compile several times faster, and moves to the blocked ones once they have compiled in the
 * background; `single`, `small` or `blocked` keeps one kind throughout (tests compare them).
 */
export type KernelTier = 'tiered' | 'single' | 'small' | 'blocked';

const FIRST_TILE: Record<KernelTier, Tile> = {
  tiered: SMALL,
  single: SINGLE,
  small: SMALL,
  blocked: BLOCKED,
};

export type Setup = {
  config: EngineConfig;
  layout: ArenaLayout;
  arena: GPUBuffer;
  data: GPUBuffer;
  labels: GPUBuffer;
  /** The step header and row indices: the one upload of a step. */
  header: GPUBuffer;
  headerWords: Uint32Array;
  headerFloats: Float32Array;
  bindGroup: GPUBindGroup;
  /** The kernels steps run now; replaced by the blocked ones when a tiered upgrade lands. */
  kernels: CompiledKernel[];
  /** Settles when the fastest kernels are in use (at once unless tiered). */
  upgraded: Promise<void>;
  /** Timestamps then the loss, mapped after a step that reads back. */
  staging: GPUBuffer;
  timer: PhaseTimer | null;
  sizes: BindingSizes;
};

/** The element counts the kernels declare for the four bindings (see `BindingSizes`). */
export function bindingSizes(layout: ArenaLayout, config: EngineConfig): BindingSizes {
  const { dataset } = config;
  return {
    arena: layout.totalFloats,
    step: HEADER.rows + config.maxBatch,
    data: Math.max(1, dataset.count * dataset.features),
    labels: Math.max(1, dataset.count),
  };
}

/** Buffers may not be empty; round to whole floats. */
const bufferSize = (bytes: number): number => Math.max(16, Math.ceil(bytes / 4) * 4);

/** Build a configuration's buffers and kernels. The caller owns `pool` and destroys it on reconfigure. */
export async function createSetup(
  device: GPUDevice,
  pool: BufferPool,
  cache: PipelineCache,
  bindGroupLayout: GPUBindGroupLayout,
  config: EngineConfig,
  tier: KernelTier = 'tiered',
): Promise<Setup> {
  checkEngineConfig(config);
  const { model, dataset } = config;
  const layout = partition(model, config.gpus, config.maxBatch, config.optimizer.kind);
  const arenaBytes = layout.totalFloats * 4;
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (arenaBytes > limit) {
    throw new RangeError(
      `this model and batch need ${arenaBytes} bytes of GPU memory, above this device's ${limit}`,
    );
  }
  const dataBytes = dataset.count * dataset.features * 4;
  if (dataBytes > limit)
    throw new RangeError(`the data set needs ${dataBytes} bytes, above this device's ${limit}`);

  const sizes = bindingSizes(layout, config);
  const kernelsOf = (tile: Tile) =>
    compileKernels(cache, stepKernels(model, config.optimizer, layout, sizes, tile));
  // Compile first: nothing is allocated if a kernel fails.
  const kernels = await kernelsOf(FIRST_TILE[tier]);

  const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
  const arena = pool.create(
    { label: 'arena', size: arenaBytes, usage: storage | GPUBufferUsage.COPY_SRC },
    'arena',
  );
  const data = pool.create({ label: 'data set', size: bufferSize(sizes.data * 4), usage: storage }, 'gpu0');
  const labels = pool.create({ label: 'labels', size: bufferSize(sizes.labels * 4), usage: storage }, 'gpu0');
  const headerWords = new Uint32Array(sizes.step);
  const header = pool.create({ label: 'step header', size: headerWords.byteLength, usage: storage }, 'gpu0');
  const staging = pool.create(
    {
      label: 'loss readback',
      size: STAGED_LOSS_AT + LOSS_PARTS * 4,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    },
    'staging',
  );
  device.queue.writeBuffer(data, 0, dataset.x, 0, dataset.count * dataset.features);
  device.queue.writeBuffer(labels, 0, dataset.y, 0, dataset.count);
  device.queue.writeBuffer(arena, layout.local.params * 4, initParams(model, config.seed));

  const bindGroup = device.createBindGroup({
    label: 'dataparallel step',
    layout: bindGroupLayout,
    entries: [arena, header, data, labels].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const setup: Setup = {
    config,
    layout,
    arena,
    data,
    labels,
    header,
    headerWords,
    headerFloats: new Float32Array(headerWords.buffer),
    bindGroup,
    kernels,
    upgraded: Promise.resolve(),
    staging,
    timer: createPhaseTimer(device, pool),
    sizes,
  };
  if (tier === 'tiered') {
    // Steps read `setup.kernels` when they encode, so the swap lands between two steps. Both tiles
    // add in the same order, so the switch does not change the numbers. If the blocked kernels fail
    // to compile, the single-value ones simply stay.
    setup.upgraded = kernelsOf(BLOCKED).then(
      (blocked) => {
        setup.kernels = blocked;
      },
      () => undefined,
    );
  }
  return setup;
}

/**
 * `createSetup` inside validation and out-of-memory error scopes: a buffer the device cannot hold, or
 * any invalid object, rejects with the reason instead of failing silently later. On failure every
 * buffer already in `pool` is destroyed.
 */
export async function createCheckedSetup(
  device: GPUDevice,
  pool: BufferPool,
  cache: PipelineCache,
  bindGroupLayout: GPUBindGroupLayout,
  config: EngineConfig,
  tier: KernelTier,
): Promise<Setup> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let built: Setup | null = null;
  let failure: string | undefined;
  try {
    built = await createSetup(device, pool, cache, bindGroupLayout, config, tier);
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  const invalid = await device.popErrorScope();
  const outOfMemory = await device.popErrorScope();
  failure ??= (outOfMemory ?? invalid)?.message;
  if (failure !== undefined || built === null) {
    built?.timer?.destroy();
    pool.destroyAll();
    throw new Error(`the WebGPU engine could not be configured: ${failure ?? 'unknown reason'}`);
  }
  return built;
}
