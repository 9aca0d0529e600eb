/**
 * What DistributedDataParallel adds to the CPU engine's logical GPUs: each rank's own labels, flat
 * gradient buckets, ring receive buffer and optimizer state. Rank 0's optimizer state is GPU 0's
 * (`host.optimizer`), so switching modes keeps it; the parameters, activations and `.grad` are the
 * devices' own arrays, shared with DataParallel.
 */
import { type BucketLayout, bucketLayouts } from '../../dp/ddpBuckets';
import { ringSegments } from '../../dp/ring';
import { createOptimizerState, type OptimizerState } from '../../nn/cpu/optimizer';
import type { EngineConfig } from '../engine';
import type { CpuMemory } from './devices';

export type DdpRank = {
  /** This rank's chunk's labels (each process loads its own targets). */
  targets: Uint32Array;
  /** One flat buffer per bucket, in `layouts` order. */
  buckets: Float32Array[];
  /** Where a ring segment lands before it is added or copied (the largest segment of any bucket). */
  received: Float32Array;
  optimizer: OptimizerState;
};

export type DdpMemory = { layouts: BucketLayout[]; ranks: DdpRank[] };

/** Every rank's DDP arrays for a configuration. */
export function allocateDdpMemory(config: EngineConfig, memory: CpuMemory): DdpMemory {
  const layouts = bucketLayouts(config.model);
  const ranks = config.gpus;
  let largestSegment = 0;
  for (const layout of layouts) {
    for (const [start, end] of ringSegments(layout.length, ranks)) {
      largestSegment = Math.max(largestSegment, end - start);
    }
  }
  return {
    layouts,
    ranks: memory.devices.map((device) => ({
      targets: new Uint32Array(device.capacity),
      buckets: layouts.map((layout) => new Float32Array(layout.length)),
      received: new Float32Array(largestSegment),
      optimizer:
        device.index === 0
          ? memory.host.optimizer
          : createOptimizerState(memory.paramCount, config.optimizer.kind),
    })),
  };
}

function copyOptimizerState(from: OptimizerState, to: OptimizerState): void {
  to.t = from.t;
  to.m.set(from.m);
  to.v.set(from.v);
}

/**
 * DDP's construction broadcast: rank 0's parameters (and, so training continues where it was, its
 * optimizer state) copied onto every other rank — once, when the model is wrapped.
 */
export function broadcastFromRank0(memory: CpuMemory, ddp: DdpMemory): void {
  const [first, ...others] = memory.devices;
  if (first === undefined) return;
  for (const device of others) {
    device.params.set(first.params);
    const rank = ddp.ranks[device.index];
    const rank0 = ddp.ranks[0];
    if (rank !== undefined && rank0 !== undefined) copyOptimizerState(rank0.optimizer, rank.optimizer);
  }
}

/** The DDP arrays of every rank, for the memory and leak counts. */
export function ddpArrays(ddp: DdpMemory, rank: number): ArrayBufferView[] {
  const own = ddp.ranks[rank];
  if (own === undefined) return [];
  const arrays: ArrayBufferView[] = [own.targets, ...own.buckets, own.received];
  // Rank 0's optimizer state is GPU 0's, already counted with the host arrays.
  if (rank > 0) {
    if (own.optimizer.m.length > 0) arrays.push(own.optimizer.m);
    if (own.optimizer.v.length > 0) arrays.push(own.optimizer.v);
  }
  return arrays;
}
