/**
 * Our engines behind the benchmark's `Trainer`: configured with the same model, seed (so the same
 * `initParams` weights), plain-SGD learning rate and data set as TF.js, and stepped on the same rows.
 */
import type { Engine } from '../../src/train/engine';
import type { Trainer, TrainerSetup } from './trainer';

export async function createOursTrainer(engine: Engine, setup: TrainerSetup): Promise<Trainer> {
  const { config, data, gpus, mode } = setup;
  await engine.configure({
    gpus,
    mode,
    model: config.model,
    optimizer: { kind: 'sgd', lr: config.lr },
    seed: config.seed,
    dataset: data.dataset,
    maxBatch: config.batch,
  });
  const rowsOf = (batch: number): Uint32Array => {
    const rows = data.batches[batch];
    if (!rows) throw new RangeError(`no batch ${batch}`);
    return rows;
  };

  return {
    label: engine.label,
    async step(batch, readLoss) {
      return (await engine.step({ rows: rowsOf(batch), readLoss })).loss;
    },
    async finalStep(batch) {
      const { loss } = await engine.step({ rows: rowsOf(batch), readLoss: true });
      if (loss === undefined) throw new Error(`${engine.label} read no loss back`);
      const stats = engine.stats();
      return { loss, dispatches: stats.dispatchesPerStep, submits: stats.submitsPerStep };
    },
    async settle() {
      if ('ready' in engine && typeof engine.ready === 'function') await engine.ready();
    },
    destroy() {
      engine.destroy();
    },
  };
}
