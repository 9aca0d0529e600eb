/**
 * How one WebGPU adapter is carved into N logical GPUs: every tensor of every device gets its own
 * 256-byte-aligned region of one storage buffer (the arena).
 *
 * Each logical GPU owns one contiguous block of the arena, and every block has the same layout, so a
 * single dispatch can serve all replicas at once (the workgroup's y index picks the device, and its
 * base is `device × deviceStride`). What only GPU 0 holds — the originals' `.grad`, the gathered
 * outputs, the targets, the output gradient, the loss and the optimizer state — sits after the last
 * block. Replica 0's parameters *are* the originals (PyTorch shares their storage), so block 0's
 * parameter region is where the optimizer writes.
 *
 * The per-device regions mirror the CPU engine's arrays (`src/train/cpu/devices.ts`), plus the row
 * segments of the weight-gradient sums; with every region rounded up to 256 bytes, the GPU engine
 * reports a little more memory per logical GPU than the CPU engine.
 */
import type { OptimizerSpec } from '../nn/spec';
import { type LayerSlot, type ModelSpec, paramLayout } from '../nn/spec';

/** WebGPU's `minStorageBufferOffsetAlignment` everywhere: 256 bytes = 64 floats. */
export const REGION_ALIGN_FLOATS = 64;

/**
 * Rows per segment of a replica's weight-gradient sum. Each layer's weight gradient is a sum over the
 * replica's rows; splitting it into segments that run in parallel (and are added up at the end of
 * backward) keeps a software GPU's cores busy even on one logical GPU.
 */
export const SEGMENT_ROWS = 128;

/** The loss is summed in this many parts on GPU 0; the parts are added when the loss is read. */
export const LOSS_PARTS = 64;

const align = (floats: number): number => Math.ceil(floats / REGION_ALIGN_FLOATS) * REGION_ALIGN_FLOATS;

/**
 * The tensors a logical GPU holds. Every GPU: `params`, `grad`, `act0` (the input chunk), `actL`
 * (L ≥ 1: hidden layer L's activations), `outputs`, `outputGrad`, `deltaA`/`deltaB` (backward's
 * ping-pong gradients) and `gradSegments`. GPU 0 only: `gradSum` (the originals' `.grad`) onwards.
 */
export type RegionName =
  | 'params'
  | 'grad'
  | `act${number}`
  | 'outputs'
  | 'outputGrad'
  | 'deltaA'
  | 'deltaB'
  | 'gradSegments'
  | 'gradSum'
  | 'gathered'
  | 'targets'
  | 'gatheredGrad'
  | 'loss'
  | 'optimizerM'
  | 'optimizerV'
  | 'rankTargets'
  | 'bucket'
  | 'received'
  | 'rankLoss'
  | 'rankM'
  | 'rankV';

/** One tensor's place: `offset` and `length` in floats from the start of the arena. */
export type Region = { device: number; name: RegionName; offset: number; length: number; bytes: number };

/** The whole arena of one configuration. All offsets are in floats (4 bytes). */
export type ArenaLayout = {
  gpus: number;
  /** Rows a device can hold: the largest chunk `torch.chunk` gives any GPU, `ceil(maxBatch / gpus)`. */
  chunkCapacity: number;
  maxBatch: number;
  slots: LayerSlot[];
  paramCount: number;
  /** Floats between the start of device d's block and device d+1's. */
  deviceStride: number;
  /** Most row segments a replica's weight gradient is split into (see `SEGMENT_ROWS`). */
  segments: number;
  /** Offsets within a device block (add `d × deviceStride`). `acts[0]` is the input chunk. */
  local: {
    params: number;
    grad: number;
    acts: number[];
    outputs: number;
    outputGrad: number;
    deltaA: number;
    deltaB: number;
    /** `segments` partial gradients, each in the flat parameter layout, summed into `grad`. */
    gradSegments: number;
    /**
     * DDP only (−1 in DataParallel): the rank's own labels, its flat gradient bucket, the ring's
     * receive buffer (one segment), its chunk's loss parts and its own optimizer state.
     */
    rankTargets: number;
    bucket: number;
    received: number;
    rankLoss: number;
    rankM: number;
    rankV: number;
  };
  /** Absolute offsets of GPU 0's own tensors; `optimizerM`/`optimizerV` are −1 when the rule keeps none. */
  host: {
    gradSum: number;
    gathered: number;
    targets: number;
    gatheredGrad: number;
    loss: number;
    optimizerM: number;
    optimizerV: number;
  };
  /** Floats in the whole arena. */
  totalFloats: number;
  regions: Region[];
};

/**
 * The arena layout for a model on `gpus` logical GPUs, for batches of up to `maxBatch` rows.
 * @throws RangeError for a model `paramLayout` rejects or counts below 1.
 */
export function partition(
  model: ModelSpec,
  gpus: number,
  maxBatch: number,
  optimizer: OptimizerSpec['kind'],
  mode: 'dp' | 'ddp' = 'dp',
): ArenaLayout {
  if (!Number.isInteger(gpus) || gpus < 1) throw new RangeError(`gpus must be an integer ≥ 1, got ${gpus}`);
  if (!Number.isInteger(maxBatch) || maxBatch < 1) {
    throw new RangeError(`maxBatch must be an integer ≥ 1, got ${maxBatch}`);
  }
  const { slots, count } = paramLayout(model);
  const { layers } = model;
  const classes = layers[layers.length - 1] as number;
  const chunkCapacity = Math.ceil(maxBatch / gpus);
  const widest = Math.max(1, ...layers.slice(1, -1));
  const segments = Math.ceil(chunkCapacity / SEGMENT_ROWS);

  const regions: Region[] = [];
  let cursor = 0;
  const take = (device: number, name: RegionName, length: number): number => {
    const offset = cursor;
    const floats = align(length);
    regions.push({ device, name, offset, length, bytes: floats * 4 });
    cursor += floats;
    return offset;
  };

  const blockNames: [RegionName, number][] = [
    ['params', count],
    ['grad', count],
    ...slots.map((slot, l): [RegionName, number] => [`act${l}`, chunkCapacity * slot.in]),
    ['outputs', chunkCapacity * classes],
    ['outputGrad', chunkCapacity * classes],
    ['deltaA', chunkCapacity * widest],
    ['deltaB', chunkCapacity * widest],
    ['gradSegments', segments * count],
  ];
  if (mode === 'ddp') {
    // DistributedDataParallel's per-rank tensors (one bucket: this page's models fit the first one).
    blockNames.push(
      ['rankTargets', chunkCapacity],
      ['bucket', count],
      ['received', Math.ceil(count / gpus)],
      ['rankLoss', LOSS_PARTS],
    );
    if (optimizer !== 'sgd') blockNames.push(['rankM', count]);
    if (optimizer === 'adam') blockNames.push(['rankV', count]);
  }
  const local = new Map<RegionName, number>();
  for (let device = 0; device < gpus; device++) {
    const start = cursor;
    for (const [name, length] of blockNames) {
      const offset = take(device, name, length);
      if (device === 0) local.set(name, offset - start);
    }
  }
  const deviceStride = cursor / gpus;
  const at = (name: RegionName): number => local.get(name) ?? -1;

  const host = {
    gradSum: take(0, 'gradSum', count),
    gathered: take(0, 'gathered', maxBatch * classes),
    targets: take(0, 'targets', maxBatch),
    gatheredGrad: take(0, 'gatheredGrad', maxBatch * classes),
    loss: take(0, 'loss', LOSS_PARTS),
    optimizerM: optimizer === 'sgd' ? -1 : take(0, 'optimizerM', count),
    optimizerV: optimizer === 'adam' ? take(0, 'optimizerV', count) : -1,
  };

  return {
    gpus,
    chunkCapacity,
    maxBatch,
    slots,
    paramCount: count,
    segments,
    deviceStride,
    local: {
      params: at('params'),
      grad: at('grad'),
      acts: slots.map((_, l) => at(`act${l}`)),
      outputs: at('outputs'),
      outputGrad: at('outputGrad'),
      deltaA: at('deltaA'),
      deltaB: at('deltaB'),
      gradSegments: at('gradSegments'),
      rankTargets: at('rankTargets'),
      bucket: at('bucket'),
      received: at('received'),
      rankLoss: at('rankLoss'),
      rankM: at('rankM'),
      rankV: at('rankV'),
    },
    host,
    totalFloats: cursor,
    regions,
  };
}

/** The region `name` of `device`, or undefined when that device holds no such tensor. */
export function findRegion(layout: ArenaLayout, device: number, name: RegionName): Region | undefined {
  return layout.regions.find((region) => region.device === device && region.name === name);
}

/** Bytes of the arena each logical GPU owns (aligned region sizes), by device. */
export function arenaBytesPerDevice(layout: ArenaLayout): number[] {
  const bytes = new Array<number>(layout.gpus).fill(0);
  for (const region of layout.regions) bytes[region.device] = (bytes[region.device] ?? 0) + region.bytes;
  return bytes;
}
