/**
 * One `nn.DataParallel` training step on the CPU engine's logical GPUs, phase by phase, really moving
 * the numbers between the devices' own arrays: scatter, replicate, forward, gather, loss, backward,
 * reduce-add, optimizer step. Each phase returns how many kernel calls it made.
 */
import { chunkSizes } from '../../dp/chunk';
import type { Phase } from '../../dp/phase';
import { backwardInto } from '../../nn/cpu/backward';
import { forwardInto } from '../../nn/cpu/forward';
import { softmaxCrossEntropyInto } from '../../nn/cpu/loss';
import { optimizerStep } from '../../nn/cpu/optimizer';
import type { Dataset, EngineConfig, LossPlacement, StepDetail, StepRequest, StepResult } from '../engine';
import { followedWeight } from '../engineChecks';
import type { CpuDevice, CpuMemory } from './devices';
import { phaseClock } from './phaseClock';

/** What a step produced: its loss (always computed on the CPU), timings, detail and kernel-call count. */
export type CpuStepOutcome = {
  loss: number;
  measuredMs: NonNullable<StepResult['measuredMs']>;
  detail?: StepDetail;
  kernelCalls: number;
};

/** Copy `len` floats; a plain loop, as views of small slices cost more to make than the copy. */
function copyRange(src: Float32Array, from: number, dst: Float32Array, to: number, len: number): void {
  for (let k = 0; k < len; k++) dst[to + k] = src[from + k] as number;
}

function device(memory: CpuMemory, k: number): CpuDevice {
  const found = memory.devices[k];
  if (found === undefined) throw new RangeError(`no logical GPU ${k}`);
  return found;
}

/** Each chunk's dataset rows into its GPU's input array; chunk j goes to GPU j. */
function scatter(memory: CpuMemory, dataset: Dataset, rows: Uint32Array, sizes: readonly number[]): number {
  const { features } = dataset;
  let start = 0;
  for (const [j, n] of sizes.entries()) {
    const input = device(memory, j).activations[0] as Float32Array;
    for (let r = 0; r < n; r++) {
      copyRange(dataset.x, (rows[start + r] as number) * features, input, r * features, features);
    }
    start += n;
  }
  return sizes.length;
}

/** GPU 0's parameters are replica 0; every other busy GPU gets a fresh copy — on every step. */
function replicate(memory: CpuMemory, busy: number): number {
  const originals = device(memory, 0).params;
  for (let j = 1; j < busy; j++) device(memory, j).params.set(originals);
  return busy - 1;
}

function forwardAll(config: EngineConfig, memory: CpuMemory, sizes: readonly number[]): number {
  for (const [j, n] of sizes.entries()) {
    const d = device(memory, j);
    forwardInto(config.model, memory.slots, d.params, d.activations, d.outputs, n);
  }
  return sizes.length * memory.slots.length;
}

/** Every replica's outputs into GPU 0's gathered array, in chunk order. */
function gather(memory: CpuMemory, sizes: readonly number[], classes: number): number {
  let start = 0;
  for (const [j, n] of sizes.entries()) {
    copyRange(device(memory, j).outputs, 0, memory.host.gathered, start * classes, n * classes);
    start += n;
  }
  return sizes.length;
}

/**
 * The loss and ∂loss/∂gathered on GPU 0. `gathered`: one mean over the batch. `inside-forward`: each
 * chunk's mean, then the mean over replicas — a row of a chunk of n rows weighs 1 / (replicas · n).
 */
function lossOnGpu0(
  memory: CpuMemory,
  dataset: Dataset,
  rows: Uint32Array,
  sizes: readonly number[],
  placement: LossPlacement,
): { loss: number; calls: number } {
  const { host } = memory;
  const batch = rows.length;
  const { classes } = dataset;
  // The targets must be on GPU 0 too.
  for (let r = 0; r < batch; r++) host.targets[r] = dataset.y[rows[r] as number] as number;
  if (placement === 'gathered') {
    const sum = softmaxCrossEntropyInto(
      host.gathered,
      host.targets,
      0,
      batch,
      classes,
      1 / batch,
      host.gatheredGrad,
    );
    return { loss: sum / batch, calls: 1 };
  }
  let loss = 0;
  let start = 0;
  for (const n of sizes) {
    const scale = 1 / (sizes.length * n);
    loss +=
      softmaxCrossEntropyInto(host.gathered, host.targets, start, n, classes, scale, host.gatheredGrad) *
      scale;
    start += n;
  }
  return { loss, calls: sizes.length };
}

/** Gather's backward sends each GPU its slice of the output gradient; then each replica runs backward. */
function backwardAll(
  config: EngineConfig,
  memory: CpuMemory,
  sizes: readonly number[],
  classes: number,
): number {
  let start = 0;
  for (const [j, n] of sizes.entries()) {
    const d = device(memory, j);
    copyRange(memory.host.gatheredGrad, start * classes, d.outputGrad, 0, n * classes);
    start += n;
    backwardInto(config.model, memory.slots, d.params, d.activations, d.outputGrad, n, d.grad, d.scratch);
  }
  return sizes.length * (1 + memory.slots.length);
}

/** SUM every replica's gradient into the originals' `.grad` on GPU 0 — never divided by N. */
function reduceAdd(memory: CpuMemory, busy: number): number {
  const { gradSum } = memory.host;
  gradSum.set(device(memory, 0).grad);
  const count = memory.paramCount;
  for (let j = 1; j < busy; j++) {
    const grad = device(memory, j).grad;
    for (let k = 0; k < count; k++) gradSum[k] = (gradSum[k] as number) + (grad[k] as number);
  }
  return busy;
}

/**
 * Run one step: rows are split with `chunkSizes` (torch.chunk's rule); only the first
 * `chunkSizes(B, N).length` GPUs are touched — idle GPUs receive nothing.
 * @throws RangeError when `request.detail.weight` is not a parameter index (checked before any work).
 */
export function dataParallelStep(
  config: EngineConfig,
  memory: CpuMemory,
  request: StepRequest,
): CpuStepOutcome {
  const { rows } = request;
  const { dataset } = config;
  const followed = followedWeight(request, memory.paramCount);
  const sizes = chunkSizes(rows.length, config.gpus);
  const busy = sizes.length;
  const clock = phaseClock<Phase>();

  let calls = scatter(memory, dataset, rows, sizes);
  clock.lap('scatter');
  calls += replicate(memory, busy);
  clock.lap('replicate');
  const replicaParams = clock.aside(() =>
    followed === undefined ? [] : sizes.map((_, j) => device(memory, j).params.slice()),
  );
  calls += forwardAll(config, memory, sizes);
  clock.lap('forward');
  calls += gather(memory, sizes, dataset.classes);
  clock.lap('gather');
  const { loss, calls: lossCalls } = lossOnGpu0(
    memory,
    dataset,
    rows,
    sizes,
    request.lossPlacement ?? 'gathered',
  );
  calls += lossCalls;
  clock.lap('loss');
  calls += backwardAll(config, memory, sizes, dataset.classes);
  clock.lap('backward');
  calls += reduceAdd(memory, busy);
  clock.lap('reduce-add');
  // Read before the update: the detail shows this step's gradient and the weights it was computed with.
  const detail = clock.aside(() =>
    followed === undefined
      ? undefined
      : stepDetail(memory, rows, sizes, dataset.classes, followed, replicaParams, loss),
  );
  if (request.update !== false) {
    optimizerStep(config.optimizer, device(memory, 0).params, memory.host.gradSum, memory.host.optimizer);
    calls++;
  }
  clock.lap('optimizer-step');

  const outcome: CpuStepOutcome = { loss, measuredMs: clock.measuredMs, kernelCalls: calls };
  if (detail !== undefined) outcome.detail = detail;
  return outcome;
}

function stepDetail(
  memory: CpuMemory,
  rows: Uint32Array,
  sizes: readonly number[],
  classes: number,
  weight: number,
  replicaParams: Float32Array[],
  loss: number,
): StepDetail {
  const chunkRows: number[][] = [];
  const outputs: Float32Array[] = [];
  const replicaGrads: number[] = [];
  let start = 0;
  for (const [j, n] of sizes.entries()) {
    const d = device(memory, j);
    chunkRows.push(Array.from(rows.subarray(start, start + n)));
    outputs.push(d.outputs.slice(0, n * classes));
    replicaGrads.push(d.grad[weight] as number);
    start += n;
  }
  const { host } = memory;
  return {
    chunkRows,
    outputs,
    gathered: host.gathered.slice(0, start * classes),
    replicaGrads,
    summedGrad: host.gradSum[weight] as number,
    gradient: host.gradSum.slice(),
    replicaParams,
    loss,
  };
}
