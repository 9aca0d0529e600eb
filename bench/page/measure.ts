/**
 * The benchmark protocol, identical for every engine, in one fresh page:
 *
 * 1. time to first step — from opening the engine (loading its code, device, buffers, weights) until
 *    its first step has finished and the loss is in JavaScript;
 * 2. warm-up — until the engine has settled on its steady-state kernels — ending in a readback so the
 *    timed loop starts with an idle queue;
 * 3. steady state — steps queued back to back with no readback but the last, so the clock stops only
 *    when all of their work is done;
 * 4. the same with a loss readback every step;
 * 5. one final step whose loss all engines must agree on.
 */
import { countGpuWork } from './gpuCounters';
import type { BenchRequest, BenchResult } from './protocol';
import type { Trainer } from './trainer';

type Timed = { ms: number; loss: number };

/** `count` steps, every one reading its loss when `readEvery`, else only the last. */
async function run(trainer: Trainer, next: () => number, count: number, readEvery: boolean): Promise<Timed> {
  const start = performance.now();
  let loss: number | undefined;
  for (let s = 0; s < count; s++) loss = await trainer.step(next(), readEvery || s === count - 1);
  if (loss === undefined) throw new Error('the last step of a timed loop read no loss');
  return { ms: performance.now() - start, loss };
}

export async function measure(
  request: BenchRequest,
  batchCount: number,
  batch: number,
  open: () => Promise<Trainer>,
): Promise<BenchResult> {
  const { warmSteps, timedSteps, readbackSteps } = request;
  if (warmSteps < 2 || timedSteps < 1 || readbackSteps < 1) throw new RangeError('too few steps to measure');
  let stepIndex = 0;
  const next = (): number => stepIndex++ % batchCount;

  const opened = performance.now();
  const trainer = await open();
  const first = await run(trainer, next, 1, true);
  const firstStepMs = performance.now() - opened;
  await run(trainer, next, warmSteps - 1, false);
  await trainer.settle?.();
  await run(trainer, next, 2, true);

  const stopCounting = countGpuWork();
  const steady = await run(trainer, next, timedSteps, false);
  const observed = stopCounting(timedSteps);
  const readback = await run(trainer, next, readbackSteps, true);
  const final = await trainer.finalStep(next());
  trainer.destroy();

  const gpuDispatches = observed.dispatches > 0 ? observed.dispatches : observed.draws;
  return {
    engine: request.engine,
    mode: request.mode ?? 'dp',
    config: request.config,
    gpus: request.gpus,
    batch,
    label: trainer.label,
    msPerStep: steady.ms / timedSteps,
    msPerStepReadback: readback.ms / readbackSteps,
    firstStepMs,
    dispatchesPerStep: final.dispatches ?? (gpuDispatches > 0 ? gpuDispatches : null),
    submitsPerStep: final.submits ?? (observed.submits > 0 ? observed.submits : null),
    observedDispatchesPerStep: gpuDispatches,
    observedSubmitsPerStep: observed.submits,
    firstLoss: first.loss,
    finalLoss: final.loss,
    steps: stepIndex,
  };
}
