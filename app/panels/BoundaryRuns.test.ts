import { describe, expect, it } from 'vitest';
import { boundaryRuns, classShares, confidenceBand } from './BoundaryRuns';

describe('boundaryRuns', () => {
  it('merges neighbouring cells of a row with the same class and confidence', () => {
    // 3×3 grid, 2 classes: row 0 all class 0 (sure); row 1 class 0, 0, then class 1; row 2 unsure class 1.
    const cells = [
      [0.99, 0.01],
      [0.99, 0.01],
      [0.99, 0.01],
      [0.99, 0.01],
      [0.99, 0.01],
      [0.01, 0.99],
      [0.45, 0.55],
      [0.45, 0.55],
      [0.45, 0.55],
    ];
    const runs = boundaryRuns(new Float32Array(cells.flat()), 3, 2);
    expect(runs).toEqual([
      { row: 0, col: 0, length: 3, predicted: 0, band: 2 },
      { row: 1, col: 0, length: 2, predicted: 0, band: 2 },
      { row: 1, col: 2, length: 1, predicted: 1, band: 2 },
      { row: 2, col: 0, length: 3, predicted: 1, band: 0 },
    ]);
    expect(classShares(runs, 3, 2)).toEqual([5 / 9, 4 / 9]);
  });

  it('bands confidence from chance to certainty', () => {
    expect(confidenceBand(0.5, 2)).toBe(0);
    expect(confidenceBand(0.7, 2)).toBe(1);
    expect(confidenceBand(1, 2)).toBe(2);
    expect(confidenceBand(0.25, 4)).toBe(0);
    expect(confidenceBand(0.9, 4)).toBe(2);
  });
});
