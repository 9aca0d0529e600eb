/** The translation from the page's settings to what the training worker trains. */
import { defaultModel } from '../../src/data/registry';
import { optimizerSpec } from '../../src/nn/spec';
import type { TrainingSettings } from '../../src/worker/protocol';
import type { UrlSettings } from './urlState';

/** What the worker should train for these settings. */
export function trainingSettings(settings: UrlSettings): TrainingSettings {
  return {
    gpus: settings.gpus,
    batch: settings.batch,
    dataset: settings.dataset,
    seed: settings.seed,
    model: defaultModel(settings.dataset),
    optimizer: optimizerSpec(settings.optimizer, settings.lr),
    lossPlacement: 'gathered',
    mode: settings.mode,
    lossEvery: 1,
    accuracyEvery: 10,
  };
}
