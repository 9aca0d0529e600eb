#!/usr/bin/env node
// The link fuzz at full size, outside `npm test`: e2e/links.spec.ts with 200 seeded hostile links (or
// --count N, --seed S), waiting at each link to a late step for its replay to end and the cards to show.
// Run after `npm run build`; E2E_PORT picks the preview port as for the e2e tests.
import { spawnSync } from 'node:child_process';

const arg = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
};

const result = spawnSync('npx', ['playwright', 'test', 'e2e/links.spec.ts', '--project', 'cpu'], {
  stdio: 'inherit',
  env: { ...process.env, LINK_COUNT: arg('count', '200'), LINK_SEED: arg('seed', '14'), LINK_FULL: '1' },
});
process.exit(result.status ?? 1);
