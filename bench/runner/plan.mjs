// Which fresh pages to open, in which order.

/** Logical GPU counts our WebGPU engine is measured at (same global batch). */
export const GPU_COUNTS = [1, 2, 4, 8];

/**
 * One page's job for every engine × config (× GPU count for ours-webgpu), each of our engines in both
 * modes — DataParallel, then DistributedDataParallel on the same GPU counts — in a fixed base order.
 */
export function baseJobs(engines, configs, steps) {
  const jobs = [];
  for (const config of configs) {
    for (const engine of engines) {
      const gpuCounts = engine === 'ours-webgpu' ? GPU_COUNTS : [1];
      const modes = engine.startsWith('ours-') ? ['dp', 'ddp'] : ['dp'];
      for (const mode of modes)
        for (const gpus of gpuCounts) jobs.push({ engine, config, gpus, mode, ...steps });
    }
  }
  return jobs;
}

/**
 * Run r's order: the base order on even runs and reversed on odd ones, so no engine always runs first
 * (cold caches) or last (a warm, possibly throttled machine).
 */
export function jobsForRun(jobs, run) {
  return run % 2 === 0 ? jobs : [...jobs].reverse();
}
