import { describe, expect, it } from 'vitest';
import { chunkSizes, MAX_BATCH, MAX_GPUS, rowRanges } from './chunk';

// Every cell of the table in dataparallel-facts.md: rows are B = 1..12, columns N = 1..8.
const TABLE: string[][] = [
  ['1', '1', '1', '1', '1', '1', '1', '1'],
  ['2', '1,1', '1,1', '1,1', '1,1', '1,1', '1,1', '1,1'],
  ['3', '2,1', '1,1,1', '1,1,1', '1,1,1', '1,1,1', '1,1,1', '1,1,1'],
  ['4', '2,2', '2,2', '1,1,1,1', '1,1,1,1', '1,1,1,1', '1,1,1,1', '1,1,1,1'],
  ['5', '3,2', '2,2,1', '2,2,1', '1,1,1,1,1', '1,1,1,1,1', '1,1,1,1,1', '1,1,1,1,1'],
  ['6', '3,3', '2,2,2', '2,2,2', '2,2,2', '1,1,1,1,1,1', '1,1,1,1,1,1', '1,1,1,1,1,1'],
  ['7', '4,3', '3,3,1', '2,2,2,1', '2,2,2,1', '2,2,2,1', '1,1,1,1,1,1,1', '1,1,1,1,1,1,1'],
  ['8', '4,4', '3,3,2', '2,2,2,2', '2,2,2,2', '2,2,2,2', '2,2,2,2', '1,1,1,1,1,1,1,1'],
  ['9', '5,4', '3,3,3', '3,3,3', '2,2,2,2,1', '2,2,2,2,1', '2,2,2,2,1', '2,2,2,2,1'],
  ['10', '5,5', '4,4,2', '3,3,3,1', '2,2,2,2,2', '2,2,2,2,2', '2,2,2,2,2', '2,2,2,2,2'],
  ['11', '6,5', '4,4,3', '3,3,3,2', '3,3,3,2', '2,2,2,2,2,1', '2,2,2,2,2,1', '2,2,2,2,2,1'],
  ['12', '6,6', '4,4,4', '3,3,3,3', '3,3,3,3', '2,2,2,2,2,2', '2,2,2,2,2,2', '2,2,2,2,2,2'],
];

describe('chunkSizes follows torch.chunk', () => {
  for (const [row, cells] of TABLE.entries()) {
    for (const [column, cell] of cells.entries()) {
      const batch = row + 1;
      const gpus = column + 1;
      it(`splits ${batch} rows on ${gpus} GPUs into ${cell}`, () => {
        expect(chunkSizes(batch, gpus).join(',')).toBe(cell);
      });
    }
  }

  it('does not balance like tensor_split: 10 on 4 is 3,3,3,1', () => {
    expect(chunkSizes(10, 4)).toEqual([3, 3, 3, 1]);
  });

  it('leaves GPUs idle even when the batch is at least the GPU count (6 on 4, 4 on 3)', () => {
    expect(chunkSizes(6, 4)).toEqual([2, 2, 2]);
    expect(chunkSizes(4, 3)).toEqual([2, 2]);
  });

  it('matches the official tutorial: 30 on 8 is seven 4s and a 2; 30 on 2 is 15,15', () => {
    expect(chunkSizes(30, 8)).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);
    expect(chunkSizes(30, 2)).toEqual([15, 15]);
    expect(chunkSizes(10, 8)).toEqual([2, 2, 2, 2, 2]);
  });

  it('gives N empty chunks for an empty batch', () => {
    expect(chunkSizes(0, 3)).toEqual([0, 0, 0]);
  });

  it('holds its invariants for every batch 0..4096 on 1..8 GPUs', () => {
    for (let gpus = 1; gpus <= MAX_GPUS; gpus++) {
      for (let batch = 0; batch <= MAX_BATCH; batch++) {
        const sizes = chunkSizes(batch, gpus);
        const sum = sizes.reduce((a, b) => a + b, 0);
        if (sum !== batch) throw new Error(`sum ${sum} ≠ ${batch} for N=${gpus}`);
        if (sizes.length > gpus) throw new Error(`too many chunks for B=${batch} N=${gpus}`);
        const first = sizes[0] ?? 0;
        if (batch > 0 && first !== Math.ceil(batch / gpus)) throw new Error(`first chunk wrong B=${batch}`);
        for (let i = 1; i < sizes.length; i++) {
          const here = sizes[i] ?? 0;
          if (here > (sizes[i - 1] ?? 0)) throw new Error(`increasing at B=${batch} N=${gpus}`);
          if (batch > 0 && i < sizes.length - 1 && here !== first)
            throw new Error(`uneven middle B=${batch}`);
          if (batch > 0 && here === 0) throw new Error(`empty chunk B=${batch} N=${gpus}`);
        }
      }
    }
  });

  it.each([
    [10, 0],
    [10, -1],
    [10, 2.5],
    [-1, 2],
    [3.5, 2],
    [Number.NaN, 2],
    [10, Number.NaN],
    [Number.POSITIVE_INFINITY, 2],
  ])('rejects batch %s on %s GPUs with a RangeError', (batch, gpus) => {
    expect(() => chunkSizes(batch, gpus)).toThrow(RangeError);
  });
});

describe('rowRanges', () => {
  it('gives each busy GPU its contiguous rows in order and null to idle GPUs', () => {
    expect(rowRanges(10, 4)).toEqual([
      { device: 0, start: 0, end: 3 },
      { device: 1, start: 3, end: 6 },
      { device: 2, start: 6, end: 9 },
      { device: 3, start: 9, end: 10 },
    ]);
    expect(rowRanges(3, 4)[3]).toBeNull();
    expect(rowRanges(0, 2)).toEqual([null, null]);
  });
});
