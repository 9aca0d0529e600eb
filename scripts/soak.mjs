// A soak: the built page trains [steps] steps (default 5,000) while the GPUs slider moves 50 times and the
// data set changes 10 times, in headless Chromium with WebGPU; prints the live GPU buffers, the page's JS
// heap and DOM node count (CDP, after a garbage collection), and the worker's live GPU buffers, at the
// start, middle and end. Run `npm run build` first. A measurement, not a test: it prints the figures.
// The GPU buffers are counted by wrapping createBuffer/destroy in the worker's script as it is served
// (a route in this script; the page's own code is unchanged).
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { launchOptions } from './chromium.mjs';

const steps = Number(process.argv[2] ?? 5000);
const port = Number(process.env.SOAK_PORT ?? 4179);
const DATASETS = ['moons', 'circles', 'xor', 'blobs', 'digits', 'spiral'];
const COUNT_BUFFERS = `{
  const live = new Set();
  globalThis.__liveGpuBuffers = live;
  if (typeof GPUDevice !== 'undefined') {
    const create = GPUDevice.prototype.createBuffer;
    GPUDevice.prototype.createBuffer = function (descriptor) {
      const buffer = create.call(this, descriptor);
      live.add(buffer);
      return buffer;
    };
    const destroy = GPUBuffer.prototype.destroy;
    GPUBuffer.prototype.destroy = function () {
      live.delete(this);
      return destroy.call(this);
    };
  }
}
`;

const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore' });
for (let tries = 0; ; tries++) {
  const up = await fetch(`http://localhost:${port}/`).then(
    () => true,
    () => false,
  );
  if (up) break;
  if (tries > 120) throw new Error(`vite preview did not start on port ${port}`);
  await new Promise((resolve) => setTimeout(resolve, 500));
}
const browser = await chromium.launch(launchOptions({ webgpu: process.env.NO_WEBGPU !== '1' }));
try {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.route('**/training.worker-*.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: COUNT_BUFFERS + (await response.text()) });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(`http://localhost:${port}/?gpus=4&batch=32`);
  const train = page.getByRole('button', { name: 'Train continuously' });
  await train.waitFor({ timeout: 120_000 });
  const engine = await page.getByRole('status', { name: 'Compute engine' }).textContent();
  const stepsDone = async () =>
    Number(await page.locator('[data-steps-done]').getAttribute('data-steps-done'));

  const rows = [];
  const measure = async (label) => {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    const worker = page.workers()[0];
    const buffers = worker ? await worker.evaluate(() => globalThis.__liveGpuBuffers?.size ?? null) : null;
    rows.push({ label, step: await stepsDone(), buffers, heapMB: heap.usedSize / 2 ** 20, nodes: dom.nodes });
  };

  let trained = 0;
  let moves = 0;
  let changes = 0;
  await measure('start');
  // The data set sits in the folded Advanced settings.
  await page.locator('summary', { hasText: 'Advanced' }).click();
  // Each round trains a slice of the steps, then moves the slider (5 rounds in 10 also change the data
  // set): 50 rounds give 50 slider moves and 10 data-set changes. A setting change restarts the run and
  // replays to the current step, so the steps trained add up across rounds.
  const ROUNDS = 50;
  for (let round = 0; round < ROUNDS; round++) {
    await page.getByRole('button', { name: 'Train continuously' }).click({ timeout: 300_000 });
    const target = Math.round(((round + 1) * steps) / ROUNDS);
    await page.waitForFunction(
      (goal) => Number(document.querySelector('[data-steps-done]')?.getAttribute('data-steps-done')) >= goal,
      target,
      { timeout: 600_000 },
    );
    trained = await stepsDone();
    await page.getByRole('button', { name: 'Stop training' }).click({ timeout: 300_000 });
    await page.getByRole('slider', { name: 'GPUs' }).fill(String(1 + (round % 8)));
    moves++;
    if (round % 5 === 4) {
      await page.getByLabel('Data set').selectOption(DATASETS[changes % DATASETS.length]);
      changes++;
    }
    if (round === ROUNDS / 2 - 1) await measure('middle');
  }
  await measure('end');
  console.log(`engine badge: ${engine}`);
  console.log(`${trained} steps, ${moves} slider moves, ${changes} data-set changes`);
  console.log('| when | step | live GPU buffers (worker) | page JS heap (MB) | DOM nodes |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows)
    console.log(
      `| ${row.label} | ${row.step} | ${row.buffers ?? '—'} | ${row.heapMB.toFixed(1)} | ${row.nodes} |`,
    );
} finally {
  await browser.close();
  server.kill();
}
