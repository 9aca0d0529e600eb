import { describe, expect, it } from 'vitest';
import { summarizeHistory } from './history';

describe('summarizeHistory', () => {
  it('is undefined before any loss', () => {
    expect(summarizeHistory([])).toBeUndefined();
    expect(summarizeHistory([{ step: 1, loss: undefined }])).toBeUndefined();
  });

  it('takes the first loss and the mean of the recent ones, and the first and last accuracy', () => {
    const history = [
      { step: 1, loss: 0.7, train: 0.5, test: null },
      { step: 2, loss: 0.6 },
      { step: 3, loss: 0.4, train: 0.8, test: null },
      { step: 4, loss: 0.2 },
    ];
    const summary = summarizeHistory(history, 2);
    expect(summary).toEqual({
      firstLoss: 0.7,
      recentLoss: 0.30000000000000004,
      firstAccuracy: 0.5,
      lastAccuracy: 0.8,
      steps: 4,
    });
  });

  it('skips non-finite losses', () => {
    expect(
      summarizeHistory([
        { step: 1, loss: Number.NaN },
        { step: 2, loss: 0.5 },
      ])?.firstLoss,
    ).toBe(0.5);
  });
});
