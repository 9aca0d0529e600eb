/**
 * One `DistributedDataParallel` training step on the CPU engine's ranks (one per logical GPU), with
 * the semantics documented on `DdpStepDetail`: every rank loads chunk i of the global batch itself (no
 * scatter, no gather), runs forward, its own chunk's mean loss and backward, divides its gradients by N
 * into the flat buckets, the ring all-reduce sums the buckets across ranks with real copies, the result
 * goes back to every rank's `.grad`, and every rank steps its own optimizer.
 */

import { chunkSizes } from '../../dp/chunk';
import { bucketPosition } from '../../dp/ddpBuckets';
import type { DdpPhase } from '../../dp/ddpPlan';
import { ringRoundCount } from '../../dp/ring';
import { backwardInto } from '../../nn/cpu/backward';
import { forwardInto } from '../../nn/cpu/forward';
import { softmaxCrossEntropyInto } from '../../nn/cpu/loss';
import { optimizerStep } from '../../nn/cpu/optimizer';
import type { EngineConfig, StepRequest } from '../engine';
import { followedWeight } from '../engineChecks';
import type { CpuStepOutcome } from './dataParallelStep';
import type { DdpMemory, DdpRank } from './ddpMemory';
import { ddpStepDetail, type LocalSnapshot, type RingRecord } from './ddpStepDetail';
import type { CpuDevice, CpuMemory } from './devices';
import { phaseClock } from './phaseClock';
import { ringAllReduce } from './ringAllReduce';

function rankOf(ddp: DdpMemory, k: number): DdpRank {
  const found = ddp.ranks[k];
  if (found === undefined) throw new RangeError(`no rank ${k}`);
  return found;
}

/** Each busy rank loads its own chunk's features and labels; returns each rank's mean loss. */
function forwardAndLoss(
  config: EngineConfig,
  memory: CpuMemory,
  ddp: DdpMemory,
  rows: Uint32Array,
  sizes: readonly number[],
): number[] {
  const { dataset } = config;
  const { features, classes } = dataset;
  const losses: number[] = [];
  let start = 0;
  for (const [j, n] of sizes.entries()) {
    const device = memory.devices[j] as CpuDevice;
    const rank = rankOf(ddp, j);
    const input = device.activations[0] as Float32Array;
    for (let r = 0; r < n; r++) {
      const row = rows[start + r] as number;
      input.set(dataset.x.subarray(row * features, (row + 1) * features), r * features);
      rank.targets[r] = dataset.y[row] as number;
    }
    forwardInto(config.model, memory.slots, device.params, device.activations, device.outputs, n);
    const sum = softmaxCrossEntropyInto(
      device.outputs,
      rank.targets,
      0,
      n,
      classes,
      1 / n,
      device.outputGrad,
    );
    losses.push(sum / n);
    start += n;
  }
  return losses;
}

/** Each busy rank backpropagates its own chunk; an idle rank's gradient is zero (it joins the ring empty). */
function backwardAll(config: EngineConfig, memory: CpuMemory, sizes: readonly number[]): void {
  for (const device of memory.devices) {
    const n = sizes[device.index];
    if (n === undefined) {
      device.grad.fill(0);
      continue;
    }
    const { activations, outputGrad, grad, scratch, params } = device;
    backwardInto(config.model, memory.slots, params, activations, outputGrad, n, grad, scratch);
  }
}

/** `.grad ÷ N` into the flat buckets, in bucket order (PyTorch's default hook divides before it sums). */
function fillBuckets(memory: CpuMemory, ddp: DdpMemory): void {
  const worldSize = memory.devices.length;
  for (const device of memory.devices) {
    const rank = rankOf(ddp, device.index);
    for (const [b, layout] of ddp.layouts.entries()) {
      const bucket = rank.buckets[b] as Float32Array;
      let at = 0;
      for (const range of layout.ranges) {
        for (let k = 0; k < range.length; k++) {
          bucket[at + k] = (device.grad[range.paramOffset + k] as number) / worldSize;
        }
        at += range.length;
      }
    }
  }
}

/** The all-reduced buckets back into every rank's `.grad`. */
function unpackBuckets(memory: CpuMemory, ddp: DdpMemory): void {
  for (const device of memory.devices) {
    const rank = rankOf(ddp, device.index);
    for (const [b, layout] of ddp.layouts.entries()) {
      const bucket = rank.buckets[b] as Float32Array;
      let at = 0;
      for (const range of layout.ranges) {
        device.grad.set(bucket.subarray(at, at + range.length), range.paramOffset);
        at += range.length;
      }
    }
  }
}

function allReduce(
  ddp: DdpMemory,
  followed: number | undefined,
): {
  copies: number;
  ring?: RingRecord;
} {
  const position = followed === undefined ? undefined : bucketPosition(ddp.layouts, followed);
  let ring: RingRecord | undefined;
  if (position !== undefined) {
    const start = ddp.ranks.map((rank) => rank.buckets[position.bucket]?.[position.offset] as number);
    ring = { position, start, values: [] };
  }
  let copies = 0;
  for (const layout of ddp.layouts) {
    const record = ring !== undefined && position?.bucket === layout.index ? ring : undefined;
    copies += ringAllReduce(ddp.ranks, layout.index, (round) => {
      record?.values.push(
        ddp.ranks.map((rank) => rank.buckets[layout.index]?.[record.position.offset] as number),
      );
      if (record !== undefined && record.values.length !== round + 1)
        throw new Error('ring rounds out of order');
    });
  }
  if (ring !== undefined && ring.values.length !== ringRoundCount(ddp.ranks.length)) {
    throw new Error('the ring skipped a round');
  }
  return ring === undefined ? { copies } : { copies, ring };
}

/**
 * Run one DDP step. `memory` and `ddp` must belong to `config` (every rank already holds rank 0's
 * parameters from the wrap broadcast).
 * @throws RangeError when `request.detail.weight` is not a parameter index (checked before any work).
 */
export function ddpStep(
  config: EngineConfig,
  memory: CpuMemory,
  ddp: DdpMemory,
  request: StepRequest,
): CpuStepOutcome {
  const { rows } = request;
  const followed = followedWeight(request, memory.paramCount);
  const sizes = chunkSizes(rows.length, config.gpus);
  const clock = phaseClock<DdpPhase>();
  const startParams = clock.aside(() =>
    followed === undefined ? [] : sizes.map((_, j) => (memory.devices[j] as CpuDevice).params.slice()),
  );

  const losses = forwardAndLoss(config, memory, ddp, rows, sizes);
  clock.lap('forward');
  backwardAll(config, memory, sizes);
  const local: LocalSnapshot | undefined = clock.aside(() =>
    followed === undefined ? undefined : { grads: memory.devices.map((d) => d.grad.slice()) },
  );
  fillBuckets(memory, ddp);
  const { copies, ring } = allReduce(ddp, followed);
  unpackBuckets(memory, ddp);
  clock.lap('backward-all-reduce');
  const averaged = clock.aside(() =>
    followed === undefined ? undefined : (memory.devices[0] as CpuDevice).grad.slice(),
  );
  if (request.update !== false) {
    for (const device of memory.devices) {
      optimizerStep(config.optimizer, device.params, device.grad, rankOf(ddp, device.index).optimizer);
    }
  }
  clock.lap('optimizer-step');

  const loss = losses.reduce((sum, l) => sum + l, 0) / losses.length;
  const ranks = memory.devices.length;
  const kernelCalls =
    sizes.length * (2 * memory.slots.length + 2) + ranks * (2 * ddp.layouts.length) + copies + ranks;
  const outcome: CpuStepOutcome = { loss, measuredMs: clock.measuredMs, kernelCalls };
  if (followed !== undefined && local !== undefined && ring !== undefined && averaged !== undefined) {
    outcome.detail = ddpStepDetail({
      memory,
      rows,
      sizes,
      classes: config.dataset.classes,
      followed,
      losses,
      local,
      ring,
      averaged,
      startParams,
      loss,
      buckets: ddp.layouts.length,
    });
  }
  return outcome;
}
