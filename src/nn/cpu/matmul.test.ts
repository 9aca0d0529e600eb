import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../random/seeded';
import { matmulTransposed, transpose } from './matmul';

function randomArray(length: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length }, () => random.normal());
}

describe('matmulTransposed', () => {
  // Odd and even row counts, and column counts on and off the 4-wide blocks, hit every code path.
  it.each([
    [1, 1, 1],
    [2, 4, 3],
    [3, 5, 2],
    [4, 4, 1],
    [5, 2, 9],
    [7, 9, 16],
    [8, 12, 64],
  ])('matches the textbook sum for %i × %i with depth %i', (rowsA, rowsB, depth) => {
    const a = randomArray(3 + rowsA * depth, 1);
    const b = randomArray(5 + rowsB * depth, 2);
    const c = new Float32Array(2 + rowsA * rowsB).fill(Number.NaN);
    matmulTransposed(a, 3, b, 5, rowsA, rowsB, depth, c, 2);
    expect(Number.isNaN(c[0])).toBe(true);
    for (let i = 0; i < rowsA; i++) {
      for (let j = 0; j < rowsB; j++) {
        let s = 0;
        for (let k = 0; k < depth; k++)
          s += (a[3 + i * depth + k] as number) * (b[5 + j * depth + k] as number);
        expect(c[2 + i * rowsB + j]).toBeCloseTo(s, 5);
      }
    }
  });
});

describe('transpose', () => {
  it('swaps rows and columns from an offset', () => {
    const out = new Float32Array(6);
    transpose(Float32Array.from([9, 1, 2, 3, 4, 5, 6]), 1, 2, 3, out);
    expect(Array.from(out)).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
