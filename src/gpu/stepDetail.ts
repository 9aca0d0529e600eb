/**
 * Step-by-step mode: which regions to copy out of the arena so a view can show the real per-replica
 * values of one step, and how to turn the copies into a `StepDetail`.
 */
import type { StepDetail } from '../train/engine';
import { sumLossParts } from './kernels/loss';
import type { StepShape } from './kernels/prelude';
import { type ArenaLayout, LOSS_PARTS } from './partition';
import type { Span } from './readback';

/** The spans to snapshot, in the order `readDetail` expects them. */
export function detailSpans(layout: ArenaLayout, shape: StepShape, classes: number): Span[] {
  const { deviceStride: stride, local, host, paramCount } = layout;
  const replicas = Array.from({ length: shape.busy }, (_, r) => r);
  const rowsOf = (r: number): number => Math.min(shape.chunk, shape.batch - r * shape.chunk);
  return [
    ...replicas.map((r) => ({ offset: r * stride + local.params, length: paramCount })),
    ...replicas.map((r) => ({ offset: r * stride + local.outputs, length: rowsOf(r) * classes })),
    ...replicas.map((r) => ({ offset: r * stride + local.grad, length: paramCount })),
    { offset: host.gathered, length: shape.batch * classes },
    { offset: host.gradSum, length: paramCount },
    { offset: host.loss, length: LOSS_PARTS },
  ];
}

/** Assemble the detail from the copied spans (see `detailSpans`). */
export function readDetail(
  copies: readonly Float32Array[],
  shape: StepShape,
  rows: Uint32Array,
  weight: number,
): StepDetail {
  const k = shape.busy;
  const part = (i: number): Float32Array => copies[i] ?? new Float32Array(0);
  const replicaParams = Array.from({ length: k }, (_, r) => part(r));
  const outputs = Array.from({ length: k }, (_, r) => part(k + r));
  const grads = Array.from({ length: k }, (_, r) => part(2 * k + r));
  const gradient = part(3 * k + 1);
  return {
    chunkRows: Array.from({ length: k }, (_, r) =>
      Array.from(rows.subarray(r * shape.chunk, Math.min(shape.batch, (r + 1) * shape.chunk))),
    ),
    outputs,
    gathered: part(3 * k),
    replicaGrads: grads.map((grad) => grad[weight] ?? Number.NaN),
    summedGrad: gradient[weight] ?? Number.NaN,
    gradient,
    replicaParams,
    loss: sumLossParts(part(3 * k + 2)),
  };
}
