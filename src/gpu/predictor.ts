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
import type { PhaseKernel } from './stepKernels';

/**
 * Rows per round: every request runs in rounds of at most this many rows (one submit each). The
 * scratch is always sized for a full round, so its kernels — whose offsets are baked in — are the
 * same for every request, and can be compiled before the first one (see `predictorKernels`).
 */
const ROUND = 8192;

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

/** Where a round's rows sit in the scratch (floats): a copy of the originals first, then the input rows. */
type ScratchLayout = { inputAt: number; acts: number[]; outputsAt: number; floats: number };

function scratchLayout(model: ModelSpec): ScratchLayout {
  const { slots, count: paramCount } = paramLayout(model);
  const classes = model.layers[model.layers.length - 1] as number;
  const inputAt = align(paramCount);
  const acts: number[] = [];
  let cursor = inputAt;
  for (const slot of slots) {
    acts.push(cursor);
    cursor += align(ROUND * slot.in);
  }
  return { inputAt, acts, outputsAt: cursor, floats: cursor + align(ROUND * classes) };
}

/**
 * The predictor's kernels for `model` next to training kernels of binding sizes `training`: a forward
 * per layer and a softmax. The engine compiles them in the background when it is configured, so the
 * first prediction (the decision map) waits on no compile.
 */
export function predictorKernels(model: ModelSpec, training: BindingSizes): PhaseKernel[] {
  const { slots } = paramLayout(model);
  const { acts, outputsAt, floats } = scratchLayout(model);
  const sizes: BindingSizes = { ...training, arena: floats, step: HEADER.rows };
  const last = slots.length - 1;
  const kernels: PhaseKernel[] = slots.map((slot, l) => ({
    phase: 'forward',
    source: denseForwardKernel(
      slot,
      l === last ? 'none' : model.activation,
      {
        stride: u(0),
        params: u(0),
        input: u(acts[l] as number),
        output: u(l === last ? outputsAt : (acts[l + 1] as number)),
      },
      sizes,
    ),
  }));
  const classes = model.layers[model.layers.length - 1] as number;
  kernels.push({ phase: 'forward', source: softmaxKernel(outputsAt, classes, sizes) });
  return kernels;
}

type Scratch = { buffer: GPUBuffer; bindGroup: GPUBindGroup; kernels: CompiledKernel[] };

/** A predictor for one configuration; its buffers live in the configuration's pool. */
export function createPredictor(context: PredictorContext): Predictor {
  const { device, pool, model } = context;
  const { count: paramCount } = paramLayout(model);
  const { inputAt, outputsAt, floats } = scratchLayout(model);
  const features = model.layers[0] as number;
  const classes = model.layers[model.layers.length - 1] as number;
  const header = pool.create(
    {
      label: 'predict header',
      size: HEADER.rows * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    },
    'gpu0',
  );
  let scratch: Scratch | null = null;

  async function ensure(): Promise<Scratch> {
    if (scratch !== null) return scratch;
    const kernels = await compileKernels(
      context.cache,
      predictorKernels(model, context.sizes),
      context.onCompile,
    );
    if (scratch !== null) return scratch;
    const buffer = pool.create(
      {
        label: 'predict scratch',
        size: floats * 4,
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
    scratch = { buffer, bindGroup, kernels };
    return scratch;
  }

  return {
    async predict(x, count) {
      if (!Number.isInteger(count) || count < 0)
        throw new RangeError(`count must be an integer ≥ 0, got ${count}`);
      if (x.length < count * features)
        throw new RangeError(`${count} rows need ${count * features} inputs, got ${x.length}`);
      if (count === 0) return new Float32Array(0);
      const { buffer, bindGroup, kernels } = await ensure();
      const staging = pool.create(
        {
          label: 'predict readback',
          size: count * classes * 4,
          usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
        },
        'staging',
      );
      try {
        for (let start = 0; start < count; start += ROUND) {
          const rows = Math.min(ROUND, count - start);
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
