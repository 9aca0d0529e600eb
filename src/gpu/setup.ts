/**
 * Everything one configuration needs on the GPU, built once at `configure`: the arena carved into
 * logical GPUs, the data set (uploaded once), the step header buffer, the compiled kernels and their
 * one bind group, the readback staging and the phase timer. A step then allocates nothing.
 */
import { MAX_BATCH, MAX_GPUS } from '../dp/chunk';
import { initParams } from '../nn/init';
import { paramLayout } from '../nn/spec';
import type { EngineConfig } from '../train/engine';
import type { BufferPool } from './bufferPool';
import { type CompiledKernel, compileKernels, type PipelineCache } from './compile';
import { HEADER } from './kernels/prelude';
import { type ArenaLayout, partition } from './partition';
import { stepKernels } from './stepKernels';
import { createPhaseTimer, type PhaseTimer, TIMESTAMP_BYTES } from './timestamps';

/** Where the loss sits in the small staging buffer, after the timestamps (bytes). */
export const STAGED_LOSS_AT = TIMESTAMP_BYTES;

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
  kernels: CompiledKernel[];
  /** Timestamps then the loss, mapped after a step that reads back. */
  staging: GPUBuffer;
  timer: PhaseTimer | null;
};

/** Check a configuration before touching the GPU (the same rules as the CPU engine). */
export function validateConfig(config: EngineConfig): void {
  const { gpus, model, dataset, maxBatch } = config;
  if (!Number.isInteger(gpus) || gpus < 1 || gpus > MAX_GPUS) {
    throw new RangeError(`gpus must be an integer in 1..${MAX_GPUS}, got ${gpus}`);
  }
  if (!Number.isInteger(maxBatch) || maxBatch < 1 || maxBatch > MAX_BATCH) {
    throw new RangeError(`maxBatch must be an integer in 1..${MAX_BATCH}, got ${maxBatch}`);
  }
  paramLayout(model);
  const { layers } = model;
  if (layers[0] !== dataset.features || layers[layers.length - 1] !== dataset.classes) {
    throw new RangeError(
      `the model maps ${layers[0]} → ${layers[layers.length - 1]} but the data set has ${dataset.features} features and ${dataset.classes} classes`,
    );
  }
  if (dataset.x.length < dataset.count * dataset.features || dataset.y.length < dataset.count) {
    throw new RangeError('the data set holds fewer rows than its count');
  }
  for (let r = 0; r < dataset.count; r++) {
    if ((dataset.y[r] as number) >= dataset.classes) throw new RangeError(`row ${r} has label ${dataset.y[r]}`);
  }
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
): Promise<Setup> {
  validateConfig(config);
  const { model, dataset } = config;
  const layout = partition(model, config.gpus, config.maxBatch, config.optimizer.kind);
  const arenaBytes = layout.totalFloats * 4;
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (arenaBytes > limit) {
    throw new RangeError(`this model and batch need ${arenaBytes} bytes of GPU memory, above this device's ${limit}`);
  }
  const dataBytes = dataset.count * dataset.features * 4;
  if (dataBytes > limit) throw new RangeError(`the data set needs ${dataBytes} bytes, above this device's ${limit}`);

  // Compile first: nothing is allocated if a kernel fails.
  const kernels = await compileKernels(cache, stepKernels(model, config.optimizer, layout));

  const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
  const arena = pool.create({ label: 'arena', size: arenaBytes, usage: storage | GPUBufferUsage.COPY_SRC }, 'arena');
  const data = pool.create({ label: 'data set', size: bufferSize(dataBytes), usage: storage }, 'gpu0');
  const labels = pool.create({ label: 'labels', size: bufferSize(dataset.count * 4), usage: storage }, 'gpu0');
  const headerWords = new Uint32Array(HEADER.rows + config.maxBatch);
  const header = pool.create({ label: 'step header', size: headerWords.byteLength, usage: storage }, 'gpu0');
  const staging = pool.create(
    { label: 'loss readback', size: STAGED_LOSS_AT + 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST },
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
  return {
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
    staging,
    timer: createPhaseTimer(device, pool),
  };
}
