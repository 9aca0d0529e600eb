/**
 * The kernels of one DistributedDataParallel step on the WebGPU engine, labelled with DDP's phases:
 * each rank loads its chunk, forward and its own loss (forward); backward, the gradient ÷ N into the
 * bucket, 2(N−1) ring rounds and the bucket back into `.grad` (backward-all-reduce); every rank's
 * optimizer (optimizer-step). Forward and backward are the DataParallel kernels themselves (they
 * already run per replica), so only the DDP-specific kernels are new pipelines.
 */
import { MAX_GPUS } from '../dp/chunk';
import { bucketLayouts } from '../dp/ddpBuckets';
import type { DdpPhase } from '../dp/ddpPlan';
import type { ModelSpec, OptimizerSpec } from '../nn/spec';
import type { Tile } from './kernels/blocking';
import {
  bucketFillKernel,
  bucketUnpackKernel,
  ddpLoadKernel,
  rankLossKernel,
  ringRoundKernel,
} from './kernels/ddp';
import { optimizerKernel } from './kernels/optimizer';
import type { BindingSizes, KernelSource } from './kernels/prelude';
import { stepKernels } from './stepKernels';

export type DdpKernel = { phase: DdpPhase; source: KernelSource };

/**
 * Every kernel of a DDP step, in order. The ring rounds are listed for the largest world size; a
 * step dispatches the first 2(N−1) (the others' grids are null).
 * @throws Error when the gradients need more than one bucket (this page's models never do).
 */
export function ddpKernels(
  model: ModelSpec,
  optimizer: OptimizerSpec['kind'],
  sizes: BindingSizes,
  tile: Tile,
): DdpKernel[] {
  const buckets = bucketLayouts(model);
  const bucket = buckets[0];
  if (bucket === undefined || buckets.length !== 1) {
    throw new Error(`the WebGPU DDP step all-reduces one bucket; this model needs ${buckets.length}`);
  }
  const { layers } = model;
  const features = layers[0] as number;
  const classes = layers[layers.length - 1] as number;
  const dataParallel = stepKernels(model, optimizer, sizes, tile);
  const forward = dataParallel.filter((k) => k.phase === 'forward');
  // Backward per replica, without gather's backward (each rank's loss wrote its own output gradient).
  const backward = dataParallel.filter((k) => k.phase === 'backward' && k.source.label !== 'gather backward');
  const rounds = Array.from({ length: 2 * (MAX_GPUS - 1) }, (_, t) =>
    ringRoundKernel(t, bucket.length, sizes),
  );
  const paramCount = bucket.length;
  return [
    { phase: 'forward', source: ddpLoadKernel(features, sizes) },
    ...forward.map((k) => ({ phase: 'forward' as const, source: k.source })),
    { phase: 'forward', source: rankLossKernel(classes, sizes) },
    ...backward.map((k) => ({ phase: 'backward-all-reduce' as const, source: k.source })),
    { phase: 'backward-all-reduce', source: bucketFillKernel(bucket, sizes) },
    ...rounds.map((source) => ({ phase: 'backward-all-reduce' as const, source })),
    { phase: 'backward-all-reduce', source: bucketUnpackKernel(bucket, sizes) },
    { phase: 'optimizer-step', source: optimizerKernel(optimizer, paramCount, sizes, true) },
  ];
}
