/**
 * The loss and accuracy series of the training chart, thinned for drawing. The history can hold twenty
 * thousand steps; a chart a few hundred pixels wide needs a few hundred points, so consecutive points are
 * averaged in equal buckets of steps. The last point is always kept as it is, so the line ends on the
 * newest value the readout names.
 */
import type { HistoryPoint } from '../store/runSlice';

export type SeriesPoint = { step: number; value: number };

export type TrainingSeries = {
  loss: SeriesPoint[];
  train: SeriesPoint[];
  /** Held-out accuracy (the digits); empty for generated sets, which have no test rows. */
  test: SeriesPoint[];
};

/** Averages `points` (sorted by step) into at most `max` points; the last one is kept exact. */
export function downsample(points: readonly SeriesPoint[], max: number): SeriesPoint[] {
  if (points.length <= max || max < 2) return points.slice();
  const last = points[points.length - 1] as SeriesPoint;
  const buckets = max - 1;
  const size = (points.length - 1) / buckets;
  const result: SeriesPoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.max(from + 1, Math.floor((b + 1) * size));
    let steps = 0;
    let values = 0;
    for (let i = from; i < to; i++) {
      const point = points[i] as SeriesPoint;
      steps += point.step;
      values += point.value;
    }
    const count = to - from;
    result.push({ step: steps / count, value: values / count });
  }
  result.push(last);
  return result;
}

/** The three series of a history, each thinned to at most `max` points. */
export function trainingSeries(history: readonly HistoryPoint[], max: number): TrainingSeries {
  const loss: SeriesPoint[] = [];
  const train: SeriesPoint[] = [];
  const test: SeriesPoint[] = [];
  for (const point of history) {
    if (point.loss !== undefined && Number.isFinite(point.loss))
      loss.push({ step: point.step, value: point.loss });
    if (point.train !== undefined) train.push({ step: point.step, value: point.train });
    if (typeof point.test === 'number') test.push({ step: point.step, value: point.test });
  }
  return { loss: downsample(loss, max), train: downsample(train, max), test: downsample(test, max) };
}

/** The last raw value of a series in a history (not the thinned one). */
export function latest(
  history: readonly HistoryPoint[],
  pick: (point: HistoryPoint) => number | null | undefined,
): SeriesPoint | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const point = history[i] as HistoryPoint;
    const value = pick(point);
    if (typeof value === 'number' && Number.isFinite(value)) return { step: point.step, value };
  }
  return undefined;
}
