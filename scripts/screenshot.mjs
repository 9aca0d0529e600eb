// Takes screenshots of the built page for looking at (and for the README): node scripts/screenshot.mjs
// [query] [out.png] [width]. Serve the page first (npm run preview) or set BASE_URL.
import { chromium } from 'playwright-core';
import { launchOptions } from './chromium.mjs';

const [query = '', out = 'docs/screenshot.png', width = '1280', scheme = 'light'] = process.argv.slice(2);
const base = process.env.BASE_URL ?? 'http://localhost:4173/';
const browser = await chromium.launch(launchOptions({ webgpu: true }));
const page = await browser.newPage({
  viewport: { width: Number(width), height: 900 },
  colorScheme: scheme === 'dark' ? 'dark' : 'light',
});
await page.goto(`${base}${query}`);
await page.waitForTimeout(Number(process.env.WAIT_MS ?? 1500));
await page.screenshot({ path: out, fullPage: process.env.FULL !== '0' });
await browser.close();
console.log(`saved ${out}`);
