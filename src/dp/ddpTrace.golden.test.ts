/**
 * Golden DDP traces: the same run as DataParallel (ranks take chunks of the global batch), numbers
 * rounded, compared with JSON files in `golden/`. After an intended change, rewrite them with
 * `UPDATE_GOLDEN=1 npx vitest run --project node src/dp/ddpTrace.golden.test.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDdpTrace } from './ddpTrace';

const GOLDEN_DIR = join(import.meta.dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

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
  { gpus: 4, batch: 3 },
];

describe('golden DDP traces', () => {
  for (const { gpus, batch } of CASES) {
    it(`matches golden/ddp-n${gpus}-b${batch}.golden.json`, () => {
      const result = buildDdpTrace(
        {
          gpusPerNode: gpus,
          globalBatch: batch,
          batchPerRank: batch,
          model: { layers: [2, 16, 16, 2], activation: 'relu' },
          optimizer: 'adam',
        },
        { preset: 'a100-nvlink' },
      );
      if (!result.ok) throw new Error(result.error.message);
      const actual = rounded(JSON.parse(JSON.stringify(result.value)));
      const file = join(GOLDEN_DIR, `ddp-n${gpus}-b${batch}.golden.json`);
      if (UPDATE) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
      if (!existsSync(file)) throw new Error(`${file} is missing; create it with UPDATE_GOLDEN=1`);
      expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    });
  }
});
