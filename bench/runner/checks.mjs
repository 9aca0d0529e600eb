// What the run must show: all engines computed the same training, and the speed goals of issue 4 — in
// both modes (issue 11: the step-time goals apply to DistributedDataParallel too).

/** Losses agree when |a − b| ≤ LOSS_TOLERANCE × max(1, |reference|): float32 sums in another order. */
export const LOSS_TOLERANCE = 1e-3;

const find = (rows, engine, config, gpus = 1, mode = 'dp') =>
  rows.find(
    (row) =>
      row.engine === engine && row.config === config && row.gpus === gpus && (row.mode ?? 'dp') === mode,
  );

/** The engine whose losses the others are held to: our CPU reference, else TF.js's. */
function reference(results) {
  return (
    results.find((r) => r.engine === 'ours-cpu') ?? results.find((r) => r.engine === 'tfjs-cpu') ?? results[0]
  );
}

/**
 * Every disagreement (and the largest |Δ|) of a first-step or final loss with the reference of the same config and run.
 * The first loss checks the shared initial weights and data; the final loss, the whole training.
 */
export function lossAgreement(results) {
  const problems = [];
  let largest = 0;
  const groups = new Map();
  for (const result of results) {
    const key = `${result.config}|${result.run}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  for (const group of groups.values()) {
    const ref = reference(group);
    for (const result of group) {
      for (const field of ['firstLoss', 'finalLoss']) {
        const diff = Math.abs(result[field] - ref[field]);
        if (!(diff <= largest)) largest = diff; // NaN sticks, as it should
        if (diff <= LOSS_TOLERANCE * Math.max(1, Math.abs(ref[field]))) continue;
        problems.push(
          `${result.config} run ${result.run}: ${result.engine} (${result.gpus} GPU, ${result.mode ?? 'dp'}) ${field} ${result[field]} ` +
            `vs ${ref.engine} ${ref[field]} (|Δ| = ${diff.toExponential(2)})`,
        );
      }
    }
  }
  return { problems, largest };
}

/** Our engine's own dispatch/submit counts against what the WebGPU API saw, where they differ. */
export function counterMismatches(rows) {
  return rows
    .filter((row) => row.engine === 'ours-webgpu')
    .flatMap((row) => {
      const off = (reported, seen) => reported !== null && Math.abs(reported - seen) > 0.5;
      const where = `${row.config}, ${row.gpus} GPU, ${row.mode ?? 'dp'}`;
      return [
        ...(off(row.dispatchesPerStep, row.observedDispatchesPerStep)
          ? [
              `${where}: stats() says ${row.dispatchesPerStep} dispatches/step, WebGPU saw ${row.observedDispatchesPerStep}`,
            ]
          : []),
        ...(off(row.submitsPerStep, row.observedSubmitsPerStep)
          ? [
              `${where}: stats() says ${row.submitsPerStep} submits/step, WebGPU saw ${row.observedSubmitsPerStep}`,
            ]
          : []),
      ];
    });
}

const times = (slow, fast) => slow.msPerStep / fast.msPerStep;

/** One verdict per goal and config: `met` is null when a needed row was not measured. */
export function goalVerdicts(rows, configs) {
  const verdicts = [];
  for (const config of configs) {
    const gpu = find(rows, 'ours-webgpu', config);
    const gpu8 = find(rows, 'ours-webgpu', config, 8);
    const ddp = find(rows, 'ours-webgpu', config, 1, 'ddp');
    const ddp8 = find(rows, 'ours-webgpu', config, 8, 'ddp');
    const cpu = find(rows, 'ours-cpu', config);
    const cpuDdp = find(rows, 'ours-cpu', config, 1, 'ddp');
    const tfGpu = find(rows, 'tfjs-webgpu', config);
    const tfCpu = find(rows, 'tfjs-cpu', config);
    const tfAll = ['tfjs-webgpu', 'tfjs-webgl', 'tfjs-cpu'].map((engine) => find(rows, engine, config));
    const ours = rows.filter((row) => row.config === config && row.engine.startsWith('ours-'));
    const verdict = (goal, needed, compute) => {
      if (needed.some((row) => row === undefined)) return { config, goal, met: null, detail: 'not measured' };
      const { met, detail } = compute();
      return { config, goal, met, detail };
    };
    verdicts.push(
      verdict('ours-webgpu ≥ 20× faster than tfjs-webgpu', [gpu, tfGpu], () => {
        const ratio = times(tfGpu, gpu);
        return { met: ratio >= 20, detail: `${ratio.toFixed(1)}×` };
      }),
      verdict('ours-webgpu faster than every TF.js backend', [gpu, ...tfAll], () => {
        const fastest = tfAll.reduce((a, b) => (a.msPerStep <= b.msPerStep ? a : b));
        const ratio = times(fastest, gpu);
        return { met: ratio > 1, detail: `${ratio.toFixed(2)}× vs the fastest, ${fastest.engine}` };
      }),
      verdict('ours-cpu ≥ 4× faster than tfjs-cpu', [cpu, tfCpu], () => {
        const ratio = times(tfCpu, cpu);
        return { met: ratio >= 4, detail: `${ratio.toFixed(1)}×` };
      }),
      verdict('ours-webgpu at 8 GPUs ≤ 1.3× its 1-GPU time', [gpu, gpu8], () => {
        const ratio = times(gpu8, gpu);
        return { met: ratio <= 1.3, detail: `${ratio.toFixed(2)}×` };
      }),
      verdict('ours-webgpu DDP ≥ 20× faster than tfjs-webgpu', [ddp, tfGpu], () => {
        const ratio = times(tfGpu, ddp);
        return { met: ratio >= 20, detail: `${ratio.toFixed(1)}×` };
      }),
      verdict('ours-cpu DDP ≥ 4× faster than tfjs-cpu', [cpuDdp, tfCpu], () => {
        const ratio = times(tfCpu, cpuDdp);
        return { met: ratio >= 4, detail: `${ratio.toFixed(1)}×` };
      }),
      verdict('ours-webgpu DDP at 8 GPUs ≤ 1.3× its 1-GPU time', [ddp, ddp8], () => {
        const ratio = times(ddp8, ddp);
        return { met: ratio <= 1.3, detail: `${ratio.toFixed(2)}×` };
      }),
      verdict('ours-webgpu DDP faster than every TF.js backend', [ddp8, ...tfAll], () => {
        const fastest = tfAll.reduce((a, b) => (a.msPerStep <= b.msPerStep ? a : b));
        const ratio = times(fastest, ddp8);
        return { met: ratio > 1, detail: `${ratio.toFixed(2)}× at 8 GPUs vs the fastest, ${fastest.engine}` };
      }),
      verdict('our first step < 1 s', ours.length > 0 ? ours : [undefined], () => {
        const slowest = ours.reduce((a, b) => (a.firstStepMs >= b.firstStepMs ? a : b));
        const where = `${slowest.engine} ×${slowest.gpus} ${slowest.mode}`;
        return {
          met: slowest.firstStepMs < 1000,
          detail: `slowest ${Math.round(slowest.firstStepMs)} ms (${where})`,
        };
      }),
    );
  }
  return verdicts;
}
