import { describe, expect, it } from 'vitest';
import { downsample, latest, trainingSeries } from './ChartSeries';

describe('downsample', () => {
  it('keeps short series as they are', () => {
    const points = [
      { step: 1, value: 3 },
      { step: 2, value: 1 },
    ];
    expect(downsample(points, 10)).toEqual(points);
  });

  it('averages equal buckets and keeps the last point exact', () => {
    const points = Array.from({ length: 9 }, (_, i) => ({ step: i, value: i * 10 }));
    // Eight points before the last, four buckets of two.
    expect(downsample(points, 5)).toEqual([
      { step: 0.5, value: 5 },
      { step: 2.5, value: 25 },
      { step: 4.5, value: 45 },
      { step: 6.5, value: 65 },
      { step: 8, value: 80 },
    ]);
  });

  it('never returns more than asked for, whatever the length', () => {
    for (const length of [11, 100, 997, 20_000]) {
      const points = Array.from({ length }, (_, i) => ({ step: i, value: Math.sin(i) }));
      const thinned = downsample(points, 300);
      expect(thinned.length).toBeLessThanOrEqual(300);
      expect(thinned[thinned.length - 1]).toEqual(points[length - 1]);
    }
  });
});

describe('trainingSeries', () => {
  it('splits the history into loss, train and test series, skipping what is missing', () => {
    const series = trainingSeries(
      [
        { step: 1, loss: 0.9 },
        { step: 2, loss: undefined, train: 0.5, test: null },
        { step: 3, loss: 0.5, train: 0.7, test: 0.6 },
      ],
      100,
    );
    expect(series.loss.map((point) => point.step)).toEqual([1, 3]);
    expect(series.train.map((point) => point.value)).toEqual([0.5, 0.7]);
    expect(series.test).toEqual([{ step: 3, value: 0.6 }]);
  });

  it('finds the newest value of a series', () => {
    const history = [
      { step: 1, loss: 0.9, train: 0.4 },
      { step: 2, loss: 0.8 },
    ];
    expect(latest(history, (point) => point.train)).toEqual({ step: 1, value: 0.4 });
    expect(latest(history, (point) => point.test)).toBeUndefined();
  });
});
