import type { DatasetId } from '../../src/data/registry';
import { defaultModel } from '../../src/data/registry';
import { buildTrace } from '../../src/dp/trace';
import { optimizerSpec } from '../../src/nn/spec';
import type { ShownStep } from '../store/runSlice';
import type { OptimizerKind } from '../store/urlState';

/**
 * Before the first step has run (the GPUs are still being set up), the stage draws the step the
 * settings plan — the split, the cards, idle GPUs — with no values yet, instead of an empty box.
 */
export function plannedStep(
  gpus: number,
  batch: number,
  dataset: DatasetId,
  optimizer: OptimizerKind,
  lr: number,
  seed: number,
): ShownStep | undefined {
  const model = defaultModel(dataset);
  const built = buildTrace({ gpus, batch, model, optimizer });
  if (!built.ok) return undefined;
  return {
    index: 0,
    trace: built.value,
    report: {
      step: 0,
      epoch: 0,
      rows: batch,
      wallMs: 0,
      settings: {
        gpus,
        batch,
        dataset,
        seed,
        model,
        optimizer: optimizerSpec(optimizer, lr),
        lossPlacement: 'gathered',
        mode: 'dp',
      },
    },
    comparison: null,
    weight: 0,
  };
}
