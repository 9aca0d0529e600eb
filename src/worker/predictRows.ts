/**
 * What the model predicts now for some training rows (the digits view, while training runs on past the
 * step it shows). The engine scores the whole training set, as the accuracy check does, so WebGPU runs
 * the predictor pipelines that check already compiled; the answer keeps the asked rows.
 */
import type { Dataset, Engine } from '../train/engine';
import { argmaxRows } from '../train/trainerMetrics';

/**
 * The most probable class of each of `rows` (indices into `train`) with the engine's current weights.
 * @throws RangeError when a row is not an index of the training set.
 */
export async function predictRows(
  engine: Engine,
  train: Dataset,
  rows: readonly number[],
): Promise<Uint32Array> {
  for (const row of rows) {
    if (!Number.isInteger(row) || row < 0 || row >= train.count)
      throw new RangeError(`rows must be training rows 0–${train.count - 1}, got ${row}`);
  }
  if (rows.length === 0) return new Uint32Array(0);
  const everyRow = argmaxRows(await engine.predict(train.x, train.count), train.classes);
  return Uint32Array.from(rows, (row) => everyRow[row] as number);
}
