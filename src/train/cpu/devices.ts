/**
 * The CPU engine's logical GPUs: each one a separate set of Float32Arrays, sized once for the largest
 * chunk it can receive, so a step allocates nothing.
 */
import { type BackwardScratch, createBackwardScratch } from '../../nn/cpu/backward';
import { createOptimizerState, type OptimizerState } from '../../nn/cpu/optimizer';
import { type LayerSlot, paramLayout } from '../../nn/spec';
import type { EngineConfig } from '../engine';

/** What one logical GPU holds. */
export type CpuDevice = {
  index: number;
  /** Rows it can hold: the largest chunk `torch.chunk` can give any GPU, `ceil(maxBatch / gpus)`. */
  capacity: number;
  /** GPU 0: the originals (replica 0 shares them, as in PyTorch). Others: this GPU's replica. */
  params: Float32Array;
  /** `[0]` is the input chunk (`capacity × features`); `[l]` hidden layer l's activations. */
  activations: Float32Array[];
  /** This replica's logits, `capacity × classes`. */
  outputs: Float32Array;
  /** This replica's slice of the output gradient, sent back from GPU 0. */
  outputGrad: Float32Array;
  /** This replica's parameter gradient, before reduce-add. */
  grad: Float32Array;
  /** Backward scratch: the layers' deltas and transposes. */
  scratch: BackwardScratch;
};

/** What only GPU 0 holds besides its replica's arrays. */
export type CpuHost = {
  /** Every replica's outputs concatenated in chunk order, `maxBatch × classes`. */
  gathered: Float32Array;
  /** The batch's labels (the target must be on GPU 0 for the loss). */
  targets: Uint32Array;
  /** ∂loss/∂gathered, `maxBatch × classes`. */
  gatheredGrad: Float32Array;
  /** The originals' `.grad`: the sum of every replica's gradient. */
  gradSum: Float32Array;
  optimizer: OptimizerState;
};

/** A whole configuration's memory. */
export type CpuMemory = {
  slots: LayerSlot[];
  paramCount: number;
  devices: CpuDevice[];
  host: CpuHost;
};

function allocateDevice(config: EngineConfig, index: number, capacity: number): CpuDevice {
  const { layers } = config.model;
  const { count } = paramLayout(config.model);
  const classes = layers[layers.length - 1] as number;
  const activations: Float32Array[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    activations.push(new Float32Array(capacity * (layers[l] as number)));
  }
  return {
    index,
    capacity,
    params: new Float32Array(count),
    activations,
    outputs: new Float32Array(capacity * classes),
    outputGrad: new Float32Array(capacity * classes),
    grad: new Float32Array(count),
    scratch: createBackwardScratch(config.model, capacity),
  };
}

/** Allocate every logical GPU's arrays for a configuration (parameters zeroed; the caller initialises). */
export function allocateMemory(config: EngineConfig): CpuMemory {
  const { slots, count } = paramLayout(config.model);
  const { layers } = config.model;
  const classes = layers[layers.length - 1] as number;
  const capacity = Math.ceil(config.maxBatch / config.gpus);
  const devices: CpuDevice[] = [];
  for (let k = 0; k < config.gpus; k++) devices.push(allocateDevice(config, k, capacity));
  const host: CpuHost = {
    gathered: new Float32Array(config.maxBatch * classes),
    targets: new Uint32Array(config.maxBatch),
    gatheredGrad: new Float32Array(config.maxBatch * classes),
    gradSum: new Float32Array(count),
    optimizer: createOptimizerState(count, config.optimizer.kind),
  };
  return { slots, paramCount: count, devices, host };
}

function deviceArrays(device: CpuDevice): ArrayBufferView[] {
  return [
    device.params,
    ...device.activations,
    device.outputs,
    device.outputGrad,
    device.grad,
    device.scratch.deltaA,
    device.scratch.deltaB,
    device.scratch.transposed.x,
    device.scratch.transposed.dy,
    device.scratch.transposed.weight,
  ];
}

function hostArrays(host: CpuHost): ArrayBufferView[] {
  const arrays: ArrayBufferView[] = [host.gathered, host.targets, host.gatheredGrad, host.gradSum];
  if (host.optimizer.m.length > 0) arrays.push(host.optimizer.m);
  if (host.optimizer.v.length > 0) arrays.push(host.optimizer.v);
  return arrays;
}

function sumBytes(arrays: readonly ArrayBufferView[]): number {
  let bytes = 0;
  for (const a of arrays) bytes += a.byteLength;
  return bytes;
}

/** Bytes each logical GPU holds, by device; GPU 0 includes the originals' gradient, optimizer state and gathered batch. */
export function bytesPerDevice(memory: CpuMemory): number[] {
  return memory.devices.map(
    (d) => sumBytes(deviceArrays(d)) + (d.index === 0 ? sumBytes(hostArrays(memory.host)) : 0),
  );
}

/** How many typed arrays the configuration holds (the leak tests count these). */
export function arrayCount(memory: CpuMemory): number {
  let count = hostArrays(memory.host).length;
  for (const d of memory.devices) count += deviceArrays(d).length;
  return count;
}
