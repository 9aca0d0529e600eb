/**
 * Golden traces: the full trace of four configurations compared with JSON files in `golden/`. A change
 * to the DataParallel model, the timing model or playback shows up as a diff to review; each event is
 * one line of the file, so the diff names the events. After an intended change, rewrite the files with
 * `UPDATE_GOLDEN=1 npx vitest run --project node src/dp/trace.golden.test.ts`.
 */
import { describe, it } from 'vitest';
import { expectGolden } from './golden/expectGolden';
import { buildTrace } from './trace';

const CASES = [
  { gpus: 3, batch: 10 },
  { gpus: 8, batch: 10 },
  { gpus: 4, batch: 3 },
  { gpus: 1, batch: 32 },
];

describe('golden traces', () => {
  for (const { gpus, batch } of CASES) {
    it(`matches golden/n${gpus}-b${batch}.golden.json`, () => {
      const result = buildTrace(
        { gpus, batch, model: { layers: [2, 16, 16, 2], activation: 'relu' }, optimizer: 'adam' },
        { preset: 'a100-nvlink' },
      );
      if (!result.ok) throw new Error(result.error.message);
      expectGolden(`n${gpus}-b${batch}`, result.value);
    });
  }
});
