/**
 * The shown step's digits, grouped by the GPU each went to, with what the model predicted for it: the
 * argmax of its row of the gathered outputs on GPU 0 — or, once training has moved on, what the worker
 * says the model predicts now. The gathered outputs are in batch order, which is the GPUs' chunks one
 * after another, so the k-th row of GPU g's chunk is row (rows before g) + k.
 */
import type { Dataset, StepDetail } from '../../src/train/engine';
import type { DigitPredictions } from './DigitPredictions';

export type DigitThumb = {
  /** Data set row. */
  row: number;
  label: number;
  /** Undefined when the gathered outputs do not reach this row. */
  predicted: number | undefined;
  /** 64 pixel values in [0, 1], row-major. */
  pixels: Float32Array;
};

export type DigitGroup = {
  device: number;
  thumbs: DigitThumb[];
  /** Rows of the chunk not drawn (large batches). */
  hidden: number;
  /** Correct predictions among all of the chunk's rows, drawn or not. */
  correct: number;
  rows: number;
};

function argmax(values: Float32Array, from: number, count: number): number | undefined {
  if (from + count > values.length) return undefined;
  let best = 0;
  for (let c = 1; c < count; c++) {
    if ((values[from + c] as number) > (values[from + best] as number)) best = c;
  }
  return best;
}

/**
 * The groups of a step's digits; at most `perGpu` thumbnails are kept for each GPU. With `latest`, each
 * row's prediction is the latest answer's, not the step's own outputs.
 */
export function digitGroups(
  train: Dataset,
  detail: Pick<StepDetail, 'chunkRows' | 'gathered'>,
  perGpu: number,
  latest?: DigitPredictions,
): DigitGroup[] {
  const side = train.features;
  const now = new Map<number, number>();
  latest?.rows.forEach((row, i) => {
    now.set(row, latest.predicted[i] as number);
  });
  let offset = 0;
  return detail.chunkRows.map((rows, device): DigitGroup => {
    const thumbs: DigitThumb[] = [];
    let correct = 0;
    rows.forEach((row, k) => {
      const label = train.y[row] ?? 0;
      const predicted = latest
        ? now.get(row)
        : argmax(detail.gathered, (offset + k) * train.classes, train.classes);
      if (predicted === label) correct++;
      if (k < perGpu)
        thumbs.push({ row, label, predicted, pixels: train.x.subarray(row * side, (row + 1) * side) });
    });
    offset += rows.length;
    return { device, thumbs, hidden: Math.max(0, rows.length - perGpu), correct, rows: rows.length };
  });
}
