import { chromium } from 'playwright-core';
import { launchOptions } from '/work/wt/worker/scripts/chromium.mjs';
const webgpu = process.argv[2] !== 'cpu';
const url = process.argv[3] ?? 'http://localhost:4182/?gpus=3&batch=10';
const browser = await chromium.launch(launchOptions({ webgpu }));
const page = await browser.newPage();
const t0 = Date.now();
page.on('console', (m) => console.log(`[${Date.now() - t0}] console.${m.type()}: ${m.text()}`));
page.on('pageerror', (e) => console.log(`[${Date.now() - t0}] pageerror: ${e.message}`));
page.on('worker', (w) => { console.log(`[${Date.now() - t0}] worker ${w.url()}`); w.on('console', (m) => console.log(`[${Date.now() - t0}] worker.${m.type()}: ${m.text()}`)); });
await page.goto(url);
for (let i = 0; i < 30; i++) {
  await page.waitForTimeout(1000);
  const s = await page.evaluate(() => ({ badge: document.querySelector('.engine-badge')?.textContent, status: document.querySelector('[data-run-status]')?.getAttribute('data-run-status'), cards: document.querySelectorAll('[role=group]').length, text: document.querySelector('.run-status')?.textContent?.slice(0, 120) }));
  console.log(`[${Date.now() - t0}]`, JSON.stringify(s));
  if (s.status === 'ready') break;
}
await browser.close();
