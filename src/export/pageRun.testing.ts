/**
 * The page's own run in Node, for the export tests: the worker's session (same data, salts, model and
 * trainer) on the CPU engine, and the export built from what it trained. Not shipped.
 */
import { readFileSync } from 'node:fs';
import { decodeDigits } from '../data/digits';
import { defaultModel } from '../data/registry';
import { optimizerSpec } from '../nn/spec';
import { createCpuEngine } from '../train/cpuEngine';
import { createTrainer } from '../train/trainer';
import { planRun } from '../worker/session';
import { describeRun, type ExportRun, type ExportSettings } from './exportRun';

const digitsBytes = readFileSync(new URL('../../public/data/digits.bin', import.meta.url));

/** The export, the page's loss at every step, its initial weights and the rows of every batch. */
export type PageRun = { run: ExportRun; losses: number[]; initial: Float32Array; batches: Uint32Array[] };

/**
 * Train `settings.steps` steps as the page's worker does, on the CPU engine in the settings' mode
 * (DataParallel or DDP), reading every loss; the export is built from the session's own training rows
 * and loss history.
 */
export async function pageRun(settings: ExportSettings): Promise<PageRun> {
  const model = defaultModel(settings.dataset);
  const optimizer = optimizerSpec(settings.optimizer, settings.lr);
  const plan = await planRun(
    {
      gpus: settings.gpus,
      batch: settings.batch,
      dataset: settings.dataset,
      seed: settings.seed,
      model,
      optimizer,
      lossPlacement: 'gathered',
      mode: settings.mode,
      lossEvery: 1,
      accuracyEvery: 0,
    },
    { loadDigits: async () => decodeDigits(digitsBytes) },
  );
  const engine = createCpuEngine();
  await engine.configure(plan.config);
  const trainer = await createTrainer({ ...plan.trainerOptions, engine });
  const session = { trainer, data: plan.data };
  const losses: number[] = [];
  const batches: Uint32Array[] = [];
  const initial = session.trainer.lastSnapshot().params;
  for (let s = 0; s < settings.steps; s++) {
    batches.push(session.trainer.nextBatchRows());
    const outcome = await session.trainer.step();
    if (outcome.kind !== 'stepped' || outcome.loss === undefined) {
      throw new Error(`the page's run did not step cleanly at step ${s + 1}`);
    }
    losses.push(outcome.loss);
  }
  engine.destroy();
  const history = losses.map((loss, i) => ({ step: i + 1, loss }));
  const run = describeRun({ settings, model, optimizer, train: session.data.train, history });
  return { run, losses, initial, batches };
}
