/** Scores of a prediction: accuracy from class probabilities, and argmax per row. */
import type { Dataset } from './engine';

/** The most probable class of each row of `probabilities` (`count × classes`); ties go to the lower class. */
export function argmaxRows(probabilities: Float32Array, classes: number): Uint32Array {
  const count = Math.floor(probabilities.length / classes);
  const best = new Uint32Array(count);
  for (let r = 0; r < count; r++) {
    let top = 0;
    let topValue = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) {
      const value = probabilities[r * classes + c] as number;
      if (value > topValue) {
        topValue = value;
        top = c;
      }
    }
    best[r] = top;
  }
  return best;
}

/** Share of rows whose most probable class is their label, in [0, 1]. NaN rows count as wrong. */
export function accuracyOf(probabilities: Float32Array, data: Dataset): number {
  if (data.count === 0) return 0;
  const predicted = argmaxRows(probabilities, data.classes);
  let correct = 0;
  for (let r = 0; r < data.count; r++) {
    if (predicted[r] === data.y[r] && Number.isFinite(probabilities[r * data.classes] as number)) correct++;
  }
  return correct / data.count;
}

/** Whether every value is a finite number (no NaN, no ±Infinity). */
export function allFinite(values: Float32Array): boolean {
  for (const value of values) if (!Number.isFinite(value)) return false;
  return true;
}
