/**
 * The one upload of a step: its header (batch size, chunk size, busy replicas, loss placement, Adam's
 * bias corrections) and the batch's dataset row indices, written with a single `writeBuffer`.
 */
import type { OptimizerSpec } from '../nn/spec';
import type { EngineConfig, StepRequest } from '../train/engine';
import { checkStepRows } from '../train/engineChecks';
import { HEADER, type StepShape } from './kernels/prelude';
import { stepShape } from './stepEncoder';

/** The CPU copy of the header buffer (u32 words, with f32 views for Adam's terms). */
export type HeaderScratch = { words: Uint32Array; floats: Float32Array };

/**
 * Fill the header for `request` and upload it with the rows; returns the step's shape.
 * `optimizerStep` is the step about to be taken, counted from 1 (Adam's bias corrections need it).
 */
export function writeStepHeader(
  queue: GPUQueue,
  buffer: GPUBuffer,
  scratch: HeaderScratch,
  config: EngineConfig,
  request: StepRequest,
  optimizerStep: number,
): StepShape {
  checkStepRows(config, request.rows);
  const shape = stepShape(request.rows.length, config.gpus);
  const { words, floats } = scratch;
  words[HEADER.batch] = shape.batch;
  words[HEADER.chunk] = shape.chunk;
  words[HEADER.busy] = shape.busy;
  words[HEADER.insideForward] = request.lossPlacement === 'inside-forward' ? 1 : 0;
  const optimizer: OptimizerSpec = config.optimizer;
  if (optimizer.kind === 'adam') {
    // Computed in float64 here, once, rather than with f32 powers in every invocation.
    floats[HEADER.adamStepSize] = optimizer.lr / (1 - optimizer.beta1 ** optimizerStep);
    floats[HEADER.adamSqrtCorrection2] = Math.sqrt(1 - optimizer.beta2 ** optimizerStep);
  }
  words.set(request.rows, HEADER.rows);
  queue.writeBuffer(buffer, 0, words, 0, HEADER.rows + request.rows.length);
  return shape;
}
