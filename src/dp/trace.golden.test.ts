/**
 * Golden traces: the full trace of four configurations, numbers rounded, compared with JSON files in
 * `golden/`. A change to the DataParallel model, the timing model or playback shows up as a diff to
 * review; each event is one line of the file (`goldenJson`), so the diff names the events. After an intended change, rewrite the files with
 * `UPDATE_GOLDEN=1 npx vitest run --project node src/dp/trace.golden.test.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenJson } from './golden/goldenJson';
import { buildTrace } from './trace';

const GOLDEN_DIR = join(import.meta.dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Six significant digits: stable across platforms, still sensitive to any real change. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(6));
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, rounded(entry)]));
  }
  return value;
}

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
      const actual = rounded(JSON.parse(JSON.stringify(result.value)));
      const file = join(GOLDEN_DIR, `n${gpus}-b${batch}.golden.json`);
      if (UPDATE) writeFileSync(file, goldenJson(actual));
      if (!existsSync(file)) throw new Error(`${file} is missing; create it with UPDATE_GOLDEN=1`);
      expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    });
  }
});
