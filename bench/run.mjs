// `npm run bench`: builds the bench page, serves it on localhost, and measures our engines and
// TensorFlow.js's backends in one headless Chromium with WebGPU. See bench/README.md.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { launchOptions } from '../scripts/chromium.mjs';
import { benchOptions } from './runner/args.mjs';
import { runInteraction } from './runner/interaction.mjs';
import { pageMachineInfo, runPage } from './runner/page.mjs';
import { baseJobs, jobsForRun } from './runner/plan.mjs';
import { reportLines } from './runner/report.mjs';
import { serveStatic } from './runner/serve.mjs';
import { jsonLine, summarise } from './runner/summary.mjs';

const CONFIG_FILE = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
// Where bench/vite.config.ts builds to (ignored by git, Biome and tsc as part of node_modules).
const OUT_DIR = fileURLToPath(new URL('../node_modules/.cache/bench-dist', import.meta.url));
/** TF.js on the software GPU needs ~10 s a page; anything past this is a hang. */
const PAGE_TIMEOUT_MS = 180_000;

const progress = (text) => process.stderr.write(`${text}\n`);

async function machineInfo(browser, url) {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    node: process.version,
    browser: browser.version(),
    page: await pageMachineInfo(browser, url),
  };
}

async function measureAll(browser, url, options, jobs) {
  const results = [];
  const failures = [];
  for (let run = 0; run < options.runs; run++) {
    for (const job of jobsForRun(jobs, run)) {
      const name = `[run ${run + 1}/${options.runs}] ${job.engine} ${job.config} ×${job.gpus}${job.mode === 'ddp' ? ' DDP' : ''}`;
      try {
        const result = await runPage(browser, url, job, PAGE_TIMEOUT_MS);
        results.push({ ...result, run });
        progress(
          `${name}: ${result.msPerStep.toFixed(2)} ms/step, ${result.msPerStepReadback.toFixed(2)} with readback, ` +
            `first step ${Math.round(result.firstStepMs)} ms, loss ${result.finalLoss.toFixed(5)}`,
        );
      } catch (error) {
        failures.push(`${name}: ${error.message}`);
        progress(`${name}: FAILED ${error.message}`);
      }
    }
  }
  return { results, failures };
}

async function main() {
  const options = benchOptions(process.argv.slice(2));
  if (options.help) {
    console.log(options.help);
    return;
  }
  if (options.interactionOnly) {
    const interaction = await runInteraction({ noBuild: !options.build, progress });
    console.log(interaction.lines.join('\n'));
    if (interaction.failed) process.exitCode = 1;
    return;
  }
  if (options.build) {
    progress('building the bench page…');
    await build({ configFile: CONFIG_FILE, build: { outDir: OUT_DIR } });
  }
  const server = await serveStatic(OUT_DIR);
  const browser = await chromium.launch({ ...launchOptions({ webgpu: true }), headless: true });
  try {
    const machine = await machineInfo(browser, server.url);
    const jobs = baseJobs(options.engines, options.configs, options.steps);
    const { results, failures } = await measureAll(browser, server.url, options, jobs);
    const rows = summarise(jobs, results);
    const report = reportLines({ machine, options, rows, results, failures });
    if (options.json) for (const row of rows) console.log(jsonLine(row));
    else console.log(report.lines.join('\n'));
    // With --json, stdout stays machine-readable; the verdicts still reach the terminal.
    if (options.json && report.failed) progress(report.lines.filter((l) => l.startsWith('!!!')).join('\n'));
    if (report.failed) process.exitCode = 1;
  } finally {
    await browser.close();
    await server.close();
  }
  if (options.interaction) {
    const interaction = await runInteraction({ noBuild: !options.build, progress });
    if (!options.json) console.log(['', ...interaction.lines].join('\n'));
    else progress(interaction.lines.join('\n'));
    if (interaction.failed) process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
