// The human-readable report: machine, a markdown table ready for the README, goals, and warnings.
import { counterMismatches, goalVerdicts, LOSS_TOLERANCE, lossAgreement } from './checks.mjs';

function ms(value) {
  if (value === null || value === undefined) return '—';
  return value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0);
}

const count = (value) => (value === null ? '—' : Number.isInteger(value) ? String(value) : value.toFixed(1));

export function machineLines(machine) {
  const gpu = machine.page.adapter === null ? 'no WebGPU adapter' : machine.page.adapter;
  const kind = machine.page.softwareGpu ? ' — **software GPU (SwiftShader)**' : '';
  return [
    `- Machine: ${machine.os}, ${machine.cores} cores (${machine.cpu}), Node ${machine.node}`,
    `- Browser: headless Chromium ${machine.browser} (${machine.page.hardwareConcurrency} logical cores seen)`,
    `- WebGPU adapter: ${gpu}${kind}`,
  ];
}

export function tableLines(rows) {
  const lines = [
    '| engine | config | GPUs | batch | ms/step median (min–max) | ms/step, readback each step | first step (ms) | dispatches/step | submits/step | final loss |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.engine}${row.mode === 'ddp' ? ' (DDP)' : ''} | ${row.config} | ${row.gpus} | ${row.batch} | ${ms(row.msPerStep)} (${ms(row.msPerStepMin)}–${ms(row.msPerStepMax)}) | ` +
        `${ms(row.msPerStepReadback)} | ${Math.round(row.firstStepMs)} | ${count(row.dispatchesPerStep)} | ` +
        `${count(row.submitsPerStep)} | ${row.finalLoss.toFixed(5)} |`,
    );
  }
  return lines;
}

/**
 * DDP's step time next to DataParallel's: one line per engine, config and GPU count measured in both
 * modes (medians of the same run), and DDP ÷ DP.
 */
export function modeLines(rows) {
  const pairs = rows
    .filter((row) => row.mode === 'dp')
    .flatMap((dp) => {
      const ddp = rows.find(
        (row) =>
          row.mode === 'ddp' && row.engine === dp.engine && row.config === dp.config && row.gpus === dp.gpus,
      );
      return ddp ? [{ dp, ddp }] : [];
    });
  if (pairs.length === 0) return [];
  return [
    'DataParallel and DistributedDataParallel side by side (ms/step medians above, same run):',
    '',
    '| engine | config | GPUs | DP ms/step | DDP ms/step | DDP ÷ DP | DP first step (ms) | DDP first step (ms) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...pairs.map(
      ({ dp, ddp }) =>
        `| ${dp.engine} | ${dp.config} | ${dp.gpus} | ${ms(dp.msPerStep)} | ${ms(ddp.msPerStep)} | ` +
        `${(ddp.msPerStep / dp.msPerStep).toFixed(2)}× | ${Math.round(dp.firstStepMs)} | ${Math.round(ddp.firstStepMs)} |`,
    ),
    '',
  ];
}

function goalLines(rows, configs) {
  const mark = { true: '✅ met', false: '❌ not met', null: '— not measured' };
  return goalVerdicts(rows, configs).map(
    ({ config, goal, met, detail }) => `- ${mark[String(met)]} — ${config}: ${goal} (${detail})`,
  );
}

/** The whole report as lines, and whether the run failed (losses disagree or a page broke). */
export function reportLines({ machine, options, rows, results, failures }) {
  const { warmSteps, timedSteps, readbackSteps } = options.steps;
  const lines = [
    '## Benchmark: our engines vs TensorFlow.js',
    '',
    ...machineLines(machine),
    `- Protocol: ${options.runs} fresh page(s) per row in alternating order; per page ${warmSteps} warm-up + ` +
      `${timedSteps} timed steps (one sync at the end) + ${readbackSteps} steps reading the loss + 1 final step; ` +
      'plain SGD, same initial weights, data and batches for every engine.',
    '',
    ...tableLines(rows),
    '',
    ...modeLines(rows),
    'Goals (ratios of the medians above, same run):',
    ...goalLines(rows, options.configs),
    '',
  ];
  const losses = lossAgreement(results);
  lines.push(
    losses.problems.length === 0
      ? `Losses: all ${results.length} pages agree on the first and final loss within ${LOSS_TOLERANCE} (relative); ` +
          `largest |Δ| from the CPU reference ${losses.largest.toExponential(1)}.`
      : '!!! LOSS DISAGREEMENT — the engines did not compute the same training:',
    ...losses.problems.map((problem) => `!!!   ${problem}`),
  );
  const counters = counterMismatches(rows);
  if (counters.length > 0) lines.push(`Counters: ${counters.join('; ')}`);
  if (failures.length > 0) {
    lines.push(`!!! ${failures.length} page(s) failed:`, ...failures.map((f) => `!!!   ${f}`));
  }
  return { lines, failed: losses.problems.length > 0 || failures.length > 0 };
}
