// The `interaction` section of the benchmark: the built page as a learner uses it, in headless Chromium
// with WebGPU and with the CPU fallback (WebGPU switched off), in one run: load → first stage; 20 GPU
// slider moves by keyboard (counts 1–8, new and seen) → the stage shows the new count's cards and narrates
// the step; a shared `step=2000` link → stage. Pipelines compiled per move are counted on the WebGPU API
// inside the training worker (and read from the engine's own stats when it keeps them).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { launchOptions } from '../../scripts/chromium.mjs';
import { serveStatic } from './serve.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT_DIR = fileURLToPath(new URL('../../node_modules/.cache/interaction-dist', import.meta.url));
/** Longest a single wait may take before the measurement counts as failed (a hang, not a slow step). */
const WAIT_MS = 180_000;
/** From 3 GPUs: up to 8 (new counts), down to 1 (seen, then new), up again (all seen); one key press each. */
const MOVES = [
  '→',
  '→',
  '→',
  '→',
  '→',
  '←',
  '←',
  '←',
  '←',
  '←',
  '←',
  '←',
  '→',
  '→',
  '→',
  '→',
  '→',
  '→',
  '→',
  '←',
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** In the page: whether the stage shows `gpus` cards, the worker is ready and the step is narrated. */
function stageShows({ gpus, step }) {
  const cards = document.querySelectorAll('[role="group"][aria-label^="GPU "]').length;
  const status = document.querySelector('[data-run-status]')?.getAttribute('data-run-status');
  const narration = document.querySelector('[data-tour="narration"]')?.textContent ?? '';
  const narrated = step === undefined ? /^Step \d/.test(narration) : narration.startsWith(`Step ${step} `);
  return cards === gpus && status === 'ready' && narrated;
}

/** Counts pipelines created on any GPUDevice in the worker, and captures the worker's `stats` answers. */
function instrumentWorker() {
  const scope = globalThis;
  if (scope.__bench) return;
  const bench = { pipelines: 0, labels: [], stats: null };
  scope.__bench = bench;
  if (typeof GPUDevice !== 'undefined') {
    for (const name of ['createComputePipeline', 'createComputePipelineAsync', 'createRenderPipeline']) {
      const original = GPUDevice.prototype[name];
      if (typeof original !== 'function') continue;
      GPUDevice.prototype[name] = function counted(...args) {
        bench.pipelines += 1;
        bench.labels.push(args[0]?.label ?? '(unlabelled)');
        return original.apply(this, args);
      };
    }
  }
  const post = scope.postMessage.bind(scope);
  scope.postMessage = (message, transfer) => {
    if (message?.type === 'stats' && message.id === -1) {
      bench.stats = message;
      return undefined;
    }
    return post(message, transfer);
  };
}

/** Asks the worker's handler for its engine's stats, as the page would (a `stats` request). */
async function engineStats(worker) {
  return worker.evaluate(async () => {
    const bench = globalThis.__bench;
    bench.stats = null;
    globalThis.dispatchEvent(new MessageEvent('message', { data: { id: -1, type: 'stats' } }));
    for (let i = 0; i < 200 && bench.stats === null; i++) await new Promise((r) => setTimeout(r, 10));
    return bench.stats;
  });
}

async function timeToStage(page, expected) {
  await page.waitForFunction(stageShows, expected, { polling: 'raf', timeout: WAIT_MS });
  return page.evaluate(() => performance.now());
}

async function measureEngine(browser, url, engine) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const workerReady = page.waitForEvent('worker', { timeout: WAIT_MS });
  await page.goto(`${url}?gpus=3&batch=10`);
  const loadMs = await timeToStage(page, { gpus: 3 });
  const worker = await workerReady;
  await worker.evaluate(instrumentWorker);
  const badge = await page.locator('.engine-badge').textContent();

  const slider = page.getByRole('slider', { name: 'GPUs' });
  await slider.focus();
  await page.evaluate(() => {
    window.addEventListener('keydown', () => (globalThis.__movedAt = performance.now()), { capture: true });
  });
  const moves = [];
  let gpus = 3;
  for (const arrow of MOVES) {
    gpus += arrow === '→' ? 1 : -1;
    const before = await worker.evaluate(() => globalThis.__bench.labels.length);
    await page.keyboard.press(arrow === '→' ? 'ArrowRight' : 'ArrowLeft');
    const shownAt = await timeToStage(page, { gpus });
    const movedAt = await page.evaluate(() => globalThis.__movedAt);
    const labels = await worker.evaluate((from) => globalThis.__bench.labels.slice(from), before);
    moves.push({ gpus, ms: shownAt - movedAt, pipelines: labels.length, labels });
  }
  const stats = await engineStats(worker).catch(() => null);
  await context.close();

  const linkContext = await browser.newContext();
  const linkPage = await linkContext.newPage();
  await linkPage.goto(`${url}?gpus=4&batch=10&step=2000`);
  const linkMs = await timeToStage(linkPage, { gpus: 4, step: 2001 });
  await linkContext.close();

  return {
    engine,
    badge,
    loadMs,
    moves,
    sliderMedianMs: median(moves.map((m) => m.ms)),
    sliderMaxMs: Math.max(...moves.map((m) => m.ms)),
    pipelinesPerMove: median(moves.map((m) => m.pipelines)),
    pipelinesMax: Math.max(...moves.map((m) => m.pipelines)),
    enginePipelines: stats?.stats?.pipelinesCompiled ?? null,
    linkMs,
  };
}

const ms = (value) => (value === null || value === undefined ? '—' : `${Math.round(value)} ms`);

/** The markdown table and the goals of issue 9, as lines. */
export function interactionReport(results) {
  const by = Object.fromEntries(results.map((r) => [r.engine, r]));
  const gpu = by.webgpu;
  const cpu = by.cpu;
  const cell = (r, f) => (r ? f(r) : '—');
  const lines = [
    '## Benchmark: interaction (the built page, as a learner uses it)',
    '',
    `- Protocol: \`?gpus=3&batch=10\` loaded in a fresh page, then ${MOVES.length} GPU-slider moves by keyboard ` +
      '(3→8, 8→1, 1→8, 8→7: new and seen counts), each timed from the key press until the stage shows the new ' +
      "count's cards, the worker is ready and the step is narrated; then `?gpus=4&batch=10&step=2000` in a fresh page.",
    `- Engines: WebGPU (${gpu?.badge ?? '—'}) and the CPU fallback (${cpu?.badge ?? '—'}), one run.`,
    '',
    '| | WebGPU | CPU fallback |',
    '| --- | ---: | ---: |',
    `| page load → first stage | ${cell(gpu, (r) => ms(r.loadMs))} | ${cell(cpu, (r) => ms(r.loadMs))} |`,
    `| slider move → stage, median (max) | ${cell(gpu, (r) => `${ms(r.sliderMedianMs)} (${ms(r.sliderMaxMs)})`)} | ${cell(cpu, (r) => `${ms(r.sliderMedianMs)} (${ms(r.sliderMaxMs)})`)} |`,
    `| pipelines compiled per move, median (max) | ${cell(gpu, (r) => `${r.pipelinesPerMove} (${r.pipelinesMax})`)} | ${cell(cpu, (r) => `${r.pipelinesPerMove} (${r.pipelinesMax})`)} |`,
    `| \`step=2000\` link → stage | ${cell(gpu, (r) => ms(r.linkMs))} | ${cell(cpu, (r) => ms(r.linkMs))} |`,
    '',
  ];
  if (gpu?.enginePipelines !== null && gpu?.enginePipelines !== undefined) {
    lines.push(`Engine's own count (stats().pipelinesCompiled) after the moves: ${gpu.enginePipelines}.`, '');
  }
  const goals = [];
  const goal = (text, met, detail) => goals.push({ text, met, detail });
  if (gpu && cpu) {
    goal(
      "WebGPU slider → stage median ≤ 1.5× the CPU's",
      gpu.sliderMedianMs <= 1.5 * cpu.sliderMedianMs,
      `${(gpu.sliderMedianMs / cpu.sliderMedianMs).toFixed(2)}×`,
    );
  }
  if (gpu) {
    goal('WebGPU slider → stage median ≤ 300 ms', gpu.sliderMedianMs <= 300, ms(gpu.sliderMedianMs));
    goal(
      '0 pipelines compiled per move after the first load',
      gpu.pipelinesMax === 0,
      `${gpu.moves.reduce((sum, m) => sum + m.pipelines, 0)} over ${MOVES.length} moves`,
    );
  }
  for (const r of results) {
    const name = r.engine === 'webgpu' ? 'WebGPU' : 'CPU';
    goal(`${name}: load → first stage ≤ 1.5 s`, r.loadMs <= 1500, ms(r.loadMs));
    goal(`${name}: step=2000 link → stage ≤ 3 s`, r.linkMs <= 3000, ms(r.linkMs));
  }
  lines.push('Goals (issue 9, same run):');
  for (const { text, met, detail } of goals)
    lines.push(`- ${met ? '✅ met' : '❌ not met'} — ${text} (${detail})`);
  lines.push(
    '',
    `Per move (WebGPU, GPUs:ms[+pipelines]): ${gpu ? gpu.moves.map((m) => `${m.gpus}:${Math.round(m.ms)}${m.pipelines ? `+${m.pipelines}p` : ''}`).join(' ') : '—'}`,
  );
  const compiledDuringMoves = gpu
    ? gpu.moves.flatMap((m) => m.labels.map((label) => `${m.gpus}:${label}`))
    : [];
  if (compiledDuringMoves.length > 0)
    lines.push(`Pipelines compiled during moves (WebGPU, GPUs:label): ${compiledDuringMoves.join(', ')}`);
  lines.push(
    `Per move (CPU): ${cpu ? cpu.moves.map((m) => `${m.gpus}:${Math.round(m.ms)}`).join(' ') : '—'}`,
  );
  return { lines, failed: goals.some((g) => !g.met) };
}

/** Builds the page (unless `noBuild`), measures both engines, and returns the report lines. */
export async function runInteraction({ noBuild = false, progress = () => {} } = {}) {
  if (!noBuild) {
    progress('building the page for the interaction benchmark…');
    await build({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: OUT_DIR, emptyOutDir: true },
    });
  }
  const server = await serveStatic(OUT_DIR);
  const results = [];
  const failures = [];
  try {
    for (const engine of ['webgpu', 'cpu']) {
      const browser = await chromium.launch({
        ...launchOptions({ webgpu: engine === 'webgpu' }),
        headless: true,
      });
      try {
        progress(`interaction: ${engine}…`);
        const result = await measureEngine(browser, server.url, engine);
        progress(
          `interaction ${engine}: load ${ms(result.loadMs)}, slider median ${ms(result.sliderMedianMs)} ` +
            `(max ${ms(result.sliderMaxMs)}), pipelines/move ${result.pipelinesPerMove}, step=2000 ${ms(result.linkMs)}`,
        );
        results.push(result);
      } catch (error) {
        failures.push(`${engine}: ${error.message}`);
        progress(`interaction ${engine}: FAILED ${error.message}`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  const report = interactionReport(results);
  for (const failure of failures) report.lines.push(`!!! interaction page failed: ${failure}`);
  return { ...report, results, failed: report.failed || failures.length > 0 };
}
