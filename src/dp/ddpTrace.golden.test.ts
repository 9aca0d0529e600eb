/**
 * Golden DDP traces: the same runs as DataParallel's (ranks take chunks of the global batch), compared
 * with JSON files in `golden/`, one event per line. After an intended change, rewrite them with
 * `UPDATE_GOLDEN=1 npx vitest run --project node src/dp/ddpTrace.golden.test.ts`.
 */
import { describe, it } from 'vitest';
import { buildDdpTrace } from './ddpTrace';
import { expectGolden } from './golden/expectGolden';

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
      expectGolden(`ddp-n${gpus}-b${batch}`, result.value);
    });
  }
});
