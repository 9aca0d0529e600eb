// Measures main-thread long tasks (> 50 ms) while the page trains continuously, in headless Chromium
// with WebGPU: node scripts/long-tasks.mjs [steps]. Builds nothing: run `npm run build` first.
// A measurement, not a test: it prints the figures.
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { launchOptions } from './chromium.mjs';

const steps = Number(process.argv[2] ?? 500);
const port = 4179;
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 2500));

const browser = await chromium.launch(launchOptions({ webgpu: process.env.NO_WEBGPU !== '1' }));
try {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        window.__longTasks.push({ start: entry.startTime, ms: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`http://localhost:${port}/?gpus=4&batch=32&optimizer=adam&lr=0.03`);
  const train = page.getByRole('button', { name: 'Train continuously' });
  await train.waitFor();
  await page.waitForFunction(() => !document.querySelector('button[aria-pressed]')?.hasAttribute('disabled'));
  const engine = await page.getByRole('status', { name: 'Compute engine' }).textContent();
  const startedAt = await page.evaluate(() => performance.now());
  await train.click();
  await page.waitForFunction(
    (target) =>
      Number(document.querySelector('[data-steps-done]')?.getAttribute('data-steps-done')) >= target,
    steps,
    { timeout: 300_000 },
  );
  const endedAt = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Stop training' }).click();
  const tasks = await page.evaluate(
    ([from, to]) => window.__longTasks.filter((task) => task.start >= from && task.start <= to),
    [startedAt, endedAt],
  );
  const seconds = (endedAt - startedAt) / 1000;
  const longest = tasks.reduce((max, task) => Math.max(max, task.ms), 0);
  console.log(`engine badge: ${engine}`);
  console.log(`trained ${steps} steps in ${seconds.toFixed(1)} s (${(steps / seconds).toFixed(0)} steps/s)`);
  console.log(`main-thread long tasks while training: ${tasks.length}, longest ${longest.toFixed(0)} ms`);
  for (const task of tasks)
    console.log(`  at ${((task.start - startedAt) / 1000).toFixed(2)} s: ${task.ms.toFixed(0)} ms`);
} finally {
  await browser.close();
  server.kill();
}
