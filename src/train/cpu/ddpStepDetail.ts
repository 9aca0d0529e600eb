/**
 * The real values a DDP step's views show, read from the CPU engine's ranks: each rank's local gradient,
 * the ring's partial values of the followed weight, the averaged gradient, its difference from the
 * full-batch (DataParallel) gradient, and whether the ranks still agree after the optimizer step.
 */
import { segmentOf } from '../../dp/ring';
import type { DdpStepDetail, StepDetail } from '../engine';
import type { CpuDevice, CpuMemory } from './devices';

/** Every rank's whole gradient before the all-reduce. */
export type LocalSnapshot = { grads: Float32Array[] };

/** The followed weight's place in its bucket and its value on every rank at the start and after each round. */
export type RingRecord = {
  position: { bucket: number; offset: number; length: number };
  start: number[];
  values: number[][];
};

export type DetailInputs = {
  memory: CpuMemory;
  rows: Uint32Array;
  sizes: readonly number[];
  classes: number;
  followed: number;
  losses: number[];
  local: LocalSnapshot;
  ring: RingRecord;
  /** Rank 0's gradient after the all-reduce, before the optimizer step. */
  averaged: Float32Array;
  startParams: Float32Array[];
  loss: number;
  /** Buckets the gradients were all-reduced in. */
  buckets: number;
};

/** Σᵢ (nᵢ/B)·gᵢ: the gradient of the whole batch's mean loss, from the ranks' chunk-mean gradients. */
export function fullBatchGradient(local: readonly Float32Array[], sizes: readonly number[]): Float32Array {
  const batch = sizes.reduce((sum, n) => sum + n, 0);
  const full = new Float32Array(local[0]?.length ?? 0);
  for (const [j, n] of sizes.entries()) {
    const grad = local[j] as Float32Array;
    for (let k = 0; k < full.length; k++) full[k] = (full[k] as number) + (n / batch) * (grad[k] as number);
  }
  return full;
}

function largestDifference(a: Float32Array, b: Float32Array): number {
  let largest = 0;
  for (let k = 0; k < a.length; k++)
    largest = Math.max(largest, Math.abs((a[k] as number) - (b[k] as number)));
  return largest;
}

/** The DDP part of the detail plus the fields every mode shares (see `StepDetail`'s DDP notes). */
export function ddpStepDetail(inputs: DetailInputs): StepDetail {
  const { memory, rows, sizes, classes, followed, losses, local, ring, averaged } = inputs;
  const ranks = memory.devices.length;
  const full = fullBatchGradient(local.grads, sizes);
  const rank0 = (memory.devices[0] as CpuDevice).params;
  let spread = 0;
  for (const device of memory.devices) spread = Math.max(spread, largestDifference(device.params, rank0));
  const ddp: DdpStepDetail = {
    ranks,
    chunkSizes: memory.devices.map((d) => sizes[d.index] ?? 0),
    rankLosses: memory.devices.map((d) => losses[d.index] ?? null),
    localGrads: local.grads.map((g) => g[followed] as number),
    buckets: inputs.buckets,
    followedBucket: {
      index: ring.position.bucket,
      offset: ring.position.offset,
      length: ring.position.length,
    },
    followedSegment: segmentOf(ring.position.offset, ring.position.length, ranks),
    ringValues: ring.values,
    ringStart: ring.start,
    averagedGrads: memory.devices.map((d) => d.grad[followed] as number),
    fullBatchGrad: full[followed] as number,
    largestDifferenceFromFullBatch: largestDifference(averaged, full),
    ranksIdentical: spread === 0,
    largestRankSpread: spread,
  };
  const chunkRows: number[][] = [];
  const outputs: Float32Array[] = [];
  let start = 0;
  for (const [j, n] of sizes.entries()) {
    chunkRows.push(Array.from(rows.subarray(start, start + n)));
    outputs.push((memory.devices[j] as CpuDevice).outputs.slice(0, n * classes));
    start += n;
  }
  return {
    chunkRows,
    outputs,
    gathered: new Float32Array(0),
    replicaGrads: sizes.map((_, j) => local.grads[j]?.[followed] as number),
    summedGrad: averaged[followed] as number,
    gradient: averaged,
    replicaParams: inputs.startParams,
    loss: inputs.loss,
    ddp,
  };
}
