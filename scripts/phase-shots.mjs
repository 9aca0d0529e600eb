// Screenshots of every phase, light and dark, desktop and phone, for looking at the stage:
// node scripts/phase-shots.mjs [query] [outDir] [phases] [sizes]. Serve the page first (npm run preview) or set BASE_URL.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { launchOptions } from './chromium.mjs';

const PHASES = [
  'scatter',
  'replicate',
  'forward',
  'gather',
  'loss',
  'backward',
  'reduce-add',
  'optimizer-step',
];
const SIZES = { desktop: [1440, 900], phone: [390, 844] };
const [
  query = 'gpus=3&batch=10',
  outDir = '/tmp/shots',
  phases = PHASES.join(','),
  sizes = 'desktop,phone',
  schemes = 'light,dark',
] = process.argv.slice(2);
const base = process.env.BASE_URL ?? 'http://localhost:4173/';
mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch(launchOptions({ webgpu: process.env.ENGINE !== 'cpu' }));
for (const size of sizes.split(',')) {
  for (const scheme of schemes.split(',')) {
    const [width, height] = SIZES[size];
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
    for (const phase of phases.split(',')) {
      await page.goto(`${base}?${query}&phase=${phase}`);
      await page.getByRole('button', { name: 'Next phase' }).waitFor({ state: 'visible', timeout: 120_000 });
      await page.waitForFunction(
        () => !document.querySelector('.stage-box.rebuilding') && document.querySelector('.stage-svg'),
        null,
        { timeout: 400_000 },
      );
      await page.waitForTimeout(400);
      const out = `${outDir}/${size}-${scheme}-${phase}.png`;
      await page.screenshot({ path: out, timeout: 120_000 });
      console.log(`saved ${out}`);
    }
    await page.close();
  }
}
await browser.close();
