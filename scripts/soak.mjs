// A soak: the built page trains [steps] steps (default 5,000) while the GPUs slider moves 50 times and the
// data set changes 10 times, in headless Chromium (with WebGPU, or `--cpu` for the CPU fallback), and
// prints what it holds at the start, middle and end: the live GPU buffers on the worker's device (the
// device's own tally, created − destroyed, asked of the worker), the worker's and the page's JS heap and
// the DOM node count (DevTools protocol, after a garbage collection). Run `npm run build` first.
// A measurement, not a test: it prints the figures, and fails only when the page does not answer.
//
//   node scripts/soak.mjs [steps] [--cpu] [--speed 2|10|50|max]
//
// The speed is the page's Training speed: `max` by default, 50 steps/s with `--cpu` (the CPU engine would
// otherwise run thousands of steps past each round's target before Stop lands).
// The three measurements are taken with the same data set (spiral) and GPU count (4) on the page, so
// they differ only by what the run accumulated: the loss history (one point per step) and any leak.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { launchOptions } from './chromium.mjs';

const args = process.argv.slice(2);
const cpuOnly = args.includes('--cpu') || process.env.NO_WEBGPU === '1';
const steps = Number(args.find((arg, i) => /^\d+$/.test(arg) && args[i - 1] !== '--speed') ?? 5000);
const speedAt = args.indexOf('--speed');
const speed = speedAt >= 0 ? args[speedAt + 1] : cpuOnly ? '50' : 'max';
const port = Number(process.env.SOAK_PORT ?? 4179);
const ROUNDS = 50;
const WARM_UP_STEPS = Math.min(100, Math.floor(steps / (ROUNDS + 1)));
/** One data-set change every 5 rounds; the cycle ends on the page's own data set, spiral. */
const DATASET_CYCLE = ['moons', 'digits', 'circles', 'xor', 'spiral'];
const HOME = { dataset: 'spiral', gpus: 4 };
/** Longest wait for one action (a click, a slider move, a replay, a slice of training). */
const ACTION_MS = Number(process.env.SOAK_ACTION_MS ?? 600_000);

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const log = (line) => console.log(`[soak ${elapsed()}] ${line}`);

/** Run `action`, failing with `what` when it takes longer than `ms`. */
async function within(what, action, ms = ACTION_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`soak: ${what} took longer than ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([action(), timeout]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(message.startsWith('soak: ') ? message : `soak: ${what} failed: ${message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** The GPU count for round `round`: every round moves the slider, rounds 24 and 49 end on 4. */
function gpusFor(round, previous) {
  if (round % 25 === 24) return HOME.gpus;
  let gpus = 1 + ((round * 3) % 8);
  if (gpus === previous || (round % 25 === 23 && gpus === HOME.gpus)) gpus = (gpus % 8) + 1;
  return gpus;
}

async function startServer() {
  const answers = () =>
    fetch(`http://localhost:${port}/`).then(
      (response) => response.ok,
      () => false,
    );
  if (await answers()) throw new Error(`soak: port ${port} is taken by another server (set SOAK_PORT)`);
  // Vite itself, not through npx, so killing it at the end leaves no server behind.
  const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
  const server = spawn(process.execPath, [vite, 'preview', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
  });
  for (let tries = 0; ; tries++) {
    if (server.exitCode !== null) throw new Error(`soak: vite preview exited (is port ${port} taken?)`);
    if (await answers()) return server;
    if (tries > 120) throw new Error(`soak: vite preview did not start on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * A DevTools session on the page's training worker, reached through the page's session
 * (`Target.setAutoAttach`; messages relayed with `Target.sendMessageToTarget`).
 */
async function attachToWorker(cdp) {
  let sessionId = null;
  let nextId = 1;
  const pending = new Map();
  cdp.on('Target.attachedToTarget', (event) => {
    if (event.targetInfo.type === 'worker') sessionId = event.sessionId;
  });
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    const answer = pending.get(message.id);
    if (answer === undefined) return;
    pending.delete(message.id);
    answer(message);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  return {
    attached: () => sessionId !== null,
    send(method, params = {}) {
      if (sessionId === null) return Promise.reject(new Error('no training worker attached'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, (message) =>
          message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result),
        );
        cdp
          .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
          .catch(reject);
      });
    },
  };
}

/**
 * The worker's `stats` answer, asked the way a debugger would: a `stats` request dispatched inside the
 * worker, its answer caught before it reaches the page (the page carries no hook for this).
 */
function workerStats(worker) {
  return worker.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const scope = globalThis;
        const id = -424242;
        // The worker's own postMessage (an own property of the global scope, as WebIDL puts a [Global]
        // interface's operations): every other message still goes through it, and it is put back after.
        const post = scope.postMessage;
        const timer = setTimeout(() => {
          scope.postMessage = post;
          reject(new Error('the worker did not answer a stats request'));
        }, 30_000);
        scope.postMessage = function catchStats(message, transfer) {
          if (message?.id !== id) return post.call(scope, message, transfer);
          scope.postMessage = post;
          clearTimeout(timer);
          resolve(message);
        };
        scope.dispatchEvent(new MessageEvent('message', { data: { id, type: 'stats' } }));
      }),
  );
}

/** What the page shows when an action fails: its run status, notices, buttons and a screenshot. */
async function describeFailure(page) {
  const state = await page
    .evaluate(() => {
      const text = (selector) => document.querySelector(selector)?.textContent?.trim() ?? '(none)';
      const buttons = [...document.querySelectorAll('button')]
        .filter((button) => /train|stop|step/i.test(button.textContent ?? ''))
        .map((button) => `${button.textContent?.trim()}${button.disabled ? ' (disabled)' : ''}`);
      return {
        steps: document.querySelector('[data-steps-done]')?.getAttribute('data-steps-done'),
        badge: text('[aria-label="Compute engine"]'),
        notices: text('[aria-label="Notices"]'),
        buttons,
      };
    })
    .catch((error) => ({ unreadable: String(error) }));
  const shot = '/tmp/soak-failure.png';
  await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
  return `page state: ${JSON.stringify(state)}; screenshot: ${shot}`;
}

const server = await startServer();
const browser = await chromium.launch(launchOptions({ webgpu: !cpuOnly }));
let page = null;
try {
  // Service workers stay on, as on the page (Playwright's 'block' makes register() resolve to nothing,
  // which the page does not expect).
  const context = await browser.newContext();
  page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const cdp = await context.newCDPSession(page);
  const workerCdp = await attachToWorker(cdp);
  const workerStarted = page.waitForEvent('worker', { timeout: 120_000 });
  await within('opening the page', () => page.goto(`http://localhost:${port}/?gpus=${HOME.gpus}&batch=32`));
  const worker = await within('starting the training worker', () => workerStarted);
  const stepsNow = async () =>
    Number(await page.locator('[data-steps-done]').getAttribute('data-steps-done'));
  const badge = page.getByRole('status', { name: 'Compute engine' });
  await within('the engine badge', () => badge.waitFor());
  if (!cpuOnly)
    await within('WebGPU taking over', () =>
      page.waitForFunction(
        () => /^WebGPU · /.test(document.querySelector('[aria-label="Compute engine"]')?.textContent ?? ''),
        undefined,
        { timeout: ACTION_MS },
      ),
    );
  log(`page open; engine: ${await badge.textContent()}`);
  await within(`choosing the training speed ${speed}`, () =>
    page.getByLabel('Training speed').selectOption(speed, { timeout: ACTION_MS }),
  );
  // The data set sits in the folded Advanced settings.
  await within('opening Advanced', () => page.locator('summary', { hasText: 'Advanced' }).click());

  const trainTo = async (target, what) => {
    await within(`${what}: pressing Train continuously`, () =>
      page.getByRole('button', { name: 'Train continuously' }).click({ timeout: ACTION_MS }),
    );
    await within(`${what}: training to step ${target}`, () =>
      page.waitForFunction(
        (goal) =>
          Number(document.querySelector('[data-steps-done]')?.getAttribute('data-steps-done')) >= goal,
        target,
        { timeout: ACTION_MS, polling: 250 },
      ),
    );
    await within(`${what}: pressing Stop training`, () =>
      page.getByRole('button', { name: 'Stop training' }).click({ timeout: ACTION_MS }),
    );
  };

  const rows = [];
  const measure = async (label) => {
    // Measure a settled page: the step after Stop shown, no request in flight.
    await within(`settling before measuring (${label})`, () =>
      page.waitForFunction(
        () => document.querySelector('[data-run-status]')?.getAttribute('data-run-status') === 'ready',
        undefined,
        {
          timeout: ACTION_MS,
        },
      ),
    );
    await within(`measuring (${label})`, async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await workerCdp.send('HeapProfiler.collectGarbage');
      const pageHeap = await cdp.send('Runtime.getHeapUsage');
      const workerHeap = await workerCdp.send('Runtime.getHeapUsage');
      const dom = await cdp.send('Memory.getDOMCounters');
      // Where the elements are, to tell which part grows when the total does.
      const where = await page.evaluate(() => {
        const counts = {};
        for (const element of document.querySelectorAll('body *')) {
          const part =
            element.closest('[aria-label], section, header, aside')?.getAttribute('aria-label') ?? 'other';
          counts[part] = (counts[part] ?? 0) + 1;
        }
        return counts;
      });
      const stats = await workerStats(worker);
      if (stats.type !== 'stats') throw new Error(`the worker answered stats with ${JSON.stringify(stats)}`);
      const row = {
        label,
        step: await stepsNow(),
        engine: stats.engine.kind,
        deviceBuffers: stats.stats.deviceBuffers,
        engineBuffers: stats.stats.liveBuffers,
        workerMB: workerHeap.usedSize / 2 ** 20,
        pageMB: pageHeap.usedSize / 2 ** 20,
        nodes: dom.nodes,
        listeners: dom.jsEventListeners,
        where,
      };
      rows.push(row);
      log(`${label}: ${JSON.stringify(row)}`);
    });
  };

  if (!workerCdp.attached())
    throw new Error('soak: the DevTools session did not attach to the training worker');
  await trainTo(WARM_UP_STEPS, 'warm-up');
  await measure('start');
  let gpus = HOME.gpus;
  let moves = 0;
  let changes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    gpus = gpusFor(round, gpus);
    const what = `round ${round + 1}/${ROUNDS}`;
    await within(`${what}: moving the GPUs slider to ${gpus}`, () =>
      page.getByRole('slider', { name: 'GPUs' }).fill(String(gpus), { timeout: ACTION_MS }),
    );
    moves++;
    let dataset = null;
    if (round % 5 === 4) {
      dataset = DATASET_CYCLE[changes % DATASET_CYCLE.length];
      await within(`${what}: choosing the data set ${dataset}`, () =>
        page.getByLabel('Data set').selectOption(dataset, { timeout: ACTION_MS }),
      );
      changes++;
    }
    const target = WARM_UP_STEPS + Math.round(((round + 1) * (steps - WARM_UP_STEPS)) / ROUNDS);
    await trainTo(target, what);
    log(`${what}: ${gpus} GPUs${dataset ? `, data set ${dataset}` : ''}, step ${await stepsNow()}`);
    if (round === ROUNDS / 2 - 1) await measure('middle');
  }
  await measure('end');
  if (pageErrors.length > 0) throw new Error(`soak: the page threw: ${pageErrors.join(' | ')}`);

  console.log('');
  console.log(`engine badge: ${await badge.textContent()}`);
  console.log(`${await stepsNow()} steps, ${moves} slider moves, ${changes} data-set changes, ${elapsed()}`);
  console.log(
    '| when | step | live GPU buffers (device) | worker JS heap (MB) | page JS heap (MB) | DOM nodes | JS event listeners |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows)
    console.log(
      `| ${row.label} | ${row.step} | ${row.deviceBuffers ?? '— (CPU)'} | ${row.workerMB.toFixed(1)} | ${row.pageMB.toFixed(1)} | ${row.nodes} | ${row.listeners} |`,
    );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  if (page !== null) console.error(await describeFailure(page));
  process.exitCode = 1;
} finally {
  await browser.close();
  server.kill();
}
