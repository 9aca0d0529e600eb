/**
 * The rules of the engine contract that every engine enforces the same way, so a bad configuration or
 * batch gets the same clear error on the CPU and on WebGPU.
 */
import { MAX_BATCH, MAX_GPUS } from '../dp/chunk';
import { type OptimizerSpec, paramLayout } from '../nn/spec';
import type { EngineConfig, EngineState, StepRequest } from './engine';

/**
 * Checks a configuration before anything is allocated.
 * @throws RangeError naming what is wrong: GPU count, batch limit, model widths vs the data set, labels.
 */
export function checkEngineConfig(config: EngineConfig): void {
  const { gpus, model, dataset, maxBatch } = config;
  if (!Number.isInteger(gpus) || gpus < 1 || gpus > MAX_GPUS) {
    throw new RangeError(`gpus must be an integer in 1..${MAX_GPUS}, got ${gpus}`);
  }
  if (!Number.isInteger(maxBatch) || maxBatch < 1 || maxBatch > MAX_BATCH) {
    throw new RangeError(`maxBatch must be an integer in 1..${MAX_BATCH}, got ${maxBatch}`);
  }
  paramLayout(model);
  const { layers } = model;
  if (layers[0] !== dataset.features || layers[layers.length - 1] !== dataset.classes) {
    throw new RangeError(
      `the model maps ${layers[0]} → ${layers[layers.length - 1]} but the data set has ${dataset.features} features and ${dataset.classes} classes`,
    );
  }
  if (dataset.x.length < dataset.count * dataset.features || dataset.y.length < dataset.count) {
    throw new RangeError('the data set holds fewer rows than its count');
  }
  for (let r = 0; r < dataset.count; r++) {
    const label = dataset.y[r] as number;
    if (label >= dataset.classes) {
      throw new RangeError(`row ${r} has label ${label}, not one of ${dataset.classes} classes`);
    }
  }
}

/**
 * Checks a step's batch against the configuration.
 * @throws RangeError for an empty or oversized batch, or a row outside the data set.
 */
export function checkStepRows(config: EngineConfig, rows: Uint32Array): void {
  if (rows.length < 1 || rows.length > config.maxBatch) {
    throw new RangeError(`a step takes 1..${config.maxBatch} rows, got ${rows.length}`);
  }
  const { count } = config.dataset;
  for (const row of rows) {
    if (row >= count) throw new RangeError(`row ${row} is outside a data set of ${count}`);
  }
}

/**
 * The weight a detailed step follows, checked before any work.
 * @throws RangeError when `request.detail.weight` is not a parameter index.
 */
export function followedWeight(request: StepRequest, paramCount: number): number | undefined {
  const weight = request.detail?.weight;
  if (weight !== undefined && !(Number.isInteger(weight) && weight >= 0 && weight < paramCount)) {
    throw new RangeError(`detail.weight must be a parameter index below ${paramCount}, got ${weight}`);
  }
  return weight;
}

/** How many state buffers an update rule keeps: SGD none, momentum its buffer, Adam m and v. */
export function optimizerBufferCount(kind: OptimizerSpec['kind']): number {
  return kind === 'sgd' ? 0 : kind === 'momentum' ? 1 : 2;
}

/**
 * Checks a state handed to `writeState` against the configuration.
 * @throws RangeError naming what does not fit: parameter count, buffer count or length, step count.
 */
export function checkEngineState(state: EngineState, paramCount: number, kind: OptimizerSpec['kind']): void {
  if (state.params.length !== paramCount) {
    throw new RangeError(`expected ${paramCount} parameters, got ${state.params.length}`);
  }
  const { buffers, t } = state.optimizer;
  const expected = optimizerBufferCount(kind);
  if (buffers.length !== expected) {
    throw new RangeError(`${kind} keeps ${expected} state buffers, got ${buffers.length}`);
  }
  for (const buffer of buffers) {
    if (buffer.length !== paramCount) {
      throw new RangeError(`an optimizer buffer must hold ${paramCount} values, got ${buffer.length}`);
    }
  }
  if (!Number.isInteger(t) || t < 0) throw new RangeError(`the step count must be an integer ≥ 0, got ${t}`);
}
