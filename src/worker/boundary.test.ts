import { describe, expect, it } from 'vitest';
import { boundaryGrid } from './boundary';

describe('boundaryGrid', () => {
  it('puts cell centres row by row from the top-left corner', () => {
    expect(Array.from(boundaryGrid(2, 1))).toEqual([-0.5, 0.5, 0.5, 0.5, -0.5, -0.5, 0.5, -0.5]);
  });

  it('stays inside the extent and is symmetric about the origin', () => {
    const grid = boundaryGrid(5, 1.25);
    expect(grid).toHaveLength(50);
    for (const v of grid) expect(Math.abs(v)).toBeLessThan(1.25);
    const centre = 12; // the middle cell of 5 × 5
    expect([grid[2 * centre], grid[2 * centre + 1]]).toEqual([0, 0]);
  });

  it('rejects resolutions out of range', () => {
    expect(() => boundaryGrid(1)).toThrow(RangeError);
    expect(() => boundaryGrid(129)).toThrow(RangeError);
    expect(() => boundaryGrid(10.5)).toThrow(RangeError);
  });
});
