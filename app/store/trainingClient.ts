/**
 * The page's one training worker, created on first use, and the translation from the page's settings
 * to what the worker trains.
 */
import { defaultModel } from '../../src/data/registry';
import { optimizerSpec } from '../../src/nn/spec';
import { createTrainingClient, type TrainingClient } from '../../src/worker/client';
import type { TrainingSettings } from '../../src/worker/protocol';
import type { UrlSettings } from './urlState';

let client: TrainingClient | undefined;

/** The worker client (spawned on the first call). */
export function trainingClient(): TrainingClient {
  client ??= createTrainingClient();
  return client;
}

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
