/**
 * How each benchmarked engine is opened. Every engine's code is a separate chunk loaded here, inside
 * the time-to-first-step clock, so a page never pays for an engine it does not run (TF.js is MBs).
 */
import type { EngineName } from './protocol';
import type { Trainer, TrainerSetup } from './trainer';

export const OPENERS: Record<EngineName, (setup: TrainerSetup) => Promise<Trainer>> = {
  'ours-webgpu': async (setup) => {
    const [{ createGpuEngine }, { createOursTrainer }] = await Promise.all([
      import('../../src/gpu/gpuEngine'),
      import('./oursTrainer'),
    ]);
    return createOursTrainer(await createGpuEngine(), setup);
  },
  'ours-cpu': async (setup) => {
    const [{ createCpuEngine }, { createOursTrainer }] = await Promise.all([
      import('../../src/train/cpuEngine'),
      import('./oursTrainer'),
    ]);
    return createOursTrainer(createCpuEngine(), setup);
  },
  'tfjs-webgpu': async (setup) => (await import('./tfjsTrainer')).createTfjsTrainer('webgpu', setup),
  'tfjs-webgl': async (setup) => (await import('./tfjsTrainer')).createTfjsTrainer('webgl', setup),
  'tfjs-cpu': async (setup) => (await import('./tfjsTrainer')).createTfjsTrainer('cpu', setup),
};
