/**
 * Class probabilities for arbitrary inputs (decision-boundary maps, digit grids), on GPU 0: a copy of
 * the originals plus a forward and a softmax in a scratch buffer of its own, so predicting never
 * touches a training region.
 */
import { type ModelSpec, paramLayout } from '../nn/spec';
import type { BufferPool } from './bufferPool';
import { type CompiledKernel, compileKernels, type PipelineCache } from './compile';
import { denseForwardKernel } from './kernels/forward';
import { type BindingSizes, HEADER, u } from './kernels/prelude';
import { softmaxKernel } from './kernels/softmax';
import { REGION_ALIGN_FLOATS } from './partition';
import { mapCopy } from './readback';

/** Largest rows per round: bigger requests run in several rounds of one submit each. */
const MAX_ROUND = 8192;

export type Predictor = {
  predict(x: Float32Array, count: number): Promise<Float32Array>;
  /** Free its buffers (its pipelines stay in the device's cache). */
  destroy(): void;
};

export type PredictorContext = {
  device: GPUDevice;
  pool: BufferPool;
  cache: PipelineCache;
  bindGroupLayout: GPUBindGroupLayout;
  model: ModelSpec;
  /** The training arena, and where the originals sit in it (floats). */
  arena: GPUBuffer;
  paramsAt: number;
  /** The training kernels' binding sizes (the data set's are reused as they are bound here too). */
  sizes: BindingSizes;
  /** The data set buffers, bound but unused (every kernel shares one bind group layout). */
  data: GPUBuffer;
  labels: GPUBuffer;
  /** Called for each pipeline compiled. */
  onCompile?: () => void;
};

const align = (floats: number): number => Math.ceil(floats / REGION_ALIGN_FLOATS) * REGION_ALIGN_FLOATS;

type Scratch = {
  capacity: number;
  buffer: GPUBuffer;
  bindGroup: GPUBindGroup;
  kernels: CompiledKernel[];
  outputsAt: number;
};

/** A predictor for one configuration; its buffers live in the configuration's pool. */
export function createPredictor(context: PredictorContext): Predictor {
  const { device, pool, model } = context;
  const { layers, activation } = model;
  const { slots, count: paramCount } = paramLayout(model);
  // The scratch holds a copy of the originals first, then the input rows.
  const inputAt = align(paramCount);
  const features = layers[0] as number;
  const classes = layers[layers.length - 1] as number;
  const header = pool.create(
    {
      label: 'predict header',
      size: HEADER.rows * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    },
    'gpu0',
  );
  let scratch: Scratch | null = null;

  async function ensure(capacity: number): Promise<Scratch> {
    if (scratch !== null && scratch.capacity >= capacity) return scratch;
    const acts: number[] = [];
    let cursor = inputAt;
    for (const slot of slots) {
      acts.push(cursor);
      cursor += align(capacity * slot.in);
    }
    const outputsAt = cursor;
    cursor += align(capacity * classes);
    const sizes: BindingSizes = { ...context.sizes, arena: cursor, step: HEADER.rows };
    const last = slots.length - 1;
    const sources = slots.map((slot, l) => ({
      phase: 'forward' as const,
      source: denseForwardKernel(
        slot,
        l === last ? 'none' : activation,
        {
          stride: u(0),
          params: u(0),
          input: u(acts[l] as number),
          output: u(l === last ? outputsAt : (acts[l + 1] as number)),
        },
        sizes,
      ),
    }));
    sources.push({ phase: 'forward', source: softmaxKernel(outputsAt, classes, sizes) });
    const kernels = await compileKernels(context.cache, sources, context.onCompile);
    if (scratch !== null) pool.destroy(scratch.buffer);
    const buffer = pool.create(
      {
        label: 'predict scratch',
        size: cursor * 4,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
      },
      'gpu0',
    );
    const bindGroup = device.createBindGroup({
      layout: context.bindGroupLayout,
      entries: [buffer, header, context.data, context.labels].map((b, binding) => ({
        binding,
        resource: { buffer: b },
      })),
    });
    scratch = { capacity, buffer, bindGroup, kernels, outputsAt };
    return scratch;
  }

  return {
    async predict(x, count) {
      if (!Number.isInteger(count) || count < 0)
        throw new RangeError(`count must be an integer ≥ 0, got ${count}`);
      if (x.length < count * features)
        throw new RangeError(`${count} rows need ${count * features} inputs, got ${x.length}`);
      if (count === 0) return new Float32Array(0);
      let capacity = 64;
      while (capacity < Math.min(count, MAX_ROUND)) capacity *= 2;
      const { buffer, bindGroup, kernels, outputsAt } = await ensure(capacity);
      const staging = pool.create(
        {
          label: 'predict readback',
          size: count * classes * 4,
          usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
        },
        'staging',
      );
      try {
        for (let start = 0; start < count; start += capacity) {
          const rows = Math.min(capacity, count - start);
          // Queue writes and submits run in order, so each round sees its own inputs and header.
          device.queue.writeBuffer(header, 0, new Uint32Array([rows, rows, 1, 0]));
          device.queue.writeBuffer(buffer, inputAt * 4, x, start * features, rows * features);
          const encoder = device.createCommandEncoder({ label: 'predict' });
          encoder.copyBufferToBuffer(context.arena, context.paramsAt * 4, buffer, 0, paramCount * 4);
          const pass = encoder.beginComputePass({ label: 'predict' });
          pass.setBindGroup(0, bindGroup);
          for (const kernel of kernels) {
            const grid = kernel.grid({ batch: rows, chunk: rows, busy: 1 });
            if (grid === null) continue;
            pass.setPipeline(kernel.pipeline);
            pass.dispatchWorkgroups(grid[0], grid[1]);
          }
          pass.end();
          encoder.copyBufferToBuffer(buffer, outputsAt * 4, staging, start * classes * 4, rows * classes * 4);
          device.queue.submit([encoder.finish()]);
        }
        return new Float32Array(await mapCopy(staging));
      } finally {
        pool.destroy(staging);
      }
    },
    destroy() {
      pool.destroy(header);
      if (scratch !== null) pool.destroy(scratch.buffer);
      scratch = null;
    },
  };
}
