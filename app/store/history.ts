/** Summaries of the loss/accuracy history for text views (and the e2e tests that read them). */
import type { HistoryPoint } from './runSlice';

export type ProgressSummary = {
  firstLoss: number;
  /** Mean of the last `window` batch losses: one batch's loss is noisy. */
  recentLoss: number;
  firstAccuracy: number | undefined;
  lastAccuracy: number | undefined;
  steps: number;
};

/** First and recent loss and accuracy, or undefined before any loss was read. */
export function summarizeHistory(history: readonly HistoryPoint[], window = 10): ProgressSummary | undefined {
  const losses = history.filter((point) => point.loss !== undefined && Number.isFinite(point.loss));
  const first = losses[0];
  const last = losses[losses.length - 1];
  if (!first || !last) return undefined;
  const recent = losses.slice(-window);
  const scored = history.filter((point) => point.train !== undefined);
  return {
    firstLoss: first.loss as number,
    recentLoss: recent.reduce((sum, point) => sum + (point.loss as number), 0) / recent.length,
    firstAccuracy: scored[0]?.train,
    lastAccuracy: scored[scored.length - 1]?.train,
    steps: last.step,
  };
}
