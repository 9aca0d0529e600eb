/**
 * The benchmark page: the runner opens a fresh page per engine × config × run and calls
 * `window.runBench` once; the data and initial weights are made before the engine's clock starts.
 */
import { initParams } from '../../src/nn/init';
import { CONFIGS } from './configs';
import { benchData } from './data';
import { installGpuCounters } from './gpuCounters';
import { machineInfo } from './machine';
import { measure } from './measure';
import { OPENERS } from './openers';
import type { BenchRequest, BenchResult } from './protocol';

// Before any engine module loads, so every dispatch and submit passes through the counters.
installGpuCounters();

async function runBench(request: BenchRequest): Promise<BenchResult> {
  const config = CONFIGS[request.config];
  const data = await benchData(config);
  const init = initParams(config.model, config.seed);
  const setup = { config, data, init, gpus: request.gpus, mode: request.mode ?? 'dp' };
  return measure(request, data.batches.length, config.batch, () => OPENERS[request.engine](setup));
}

window.runBench = runBench;
window.machineInfo = machineInfo;
