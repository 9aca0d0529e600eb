/**
 * The page's run as an export: the store's settings, the rows the worker trains on, the steps done
 * and the loss history, turned into `src/export`'s description of the run. The model and optimizer
 * come from the same translation the worker is configured with, so the files train what the page trains.
 */

import type { ExportFile } from '../../src/export/exportFiles';
import { describeRun, type ExportRun } from '../../src/export/exportRun';
import type { Store } from '../store/store';
import { trainingSettings } from '../store/trainingClient';
import { pickSettings } from '../store/urlState';

/** Whether there is a run to export: the worker's rows are here and at least one step is done. */
export function canExport(state: Store): boolean {
  return state.train !== undefined && state.stepsDone >= 1;
}

/** The run as it stands, or null when `canExport` is false. */
export function runFromStore(state: Store): ExportRun | null {
  const { train, stepsDone, history } = state;
  const settings = pickSettings(state);
  const worker = trainingSettings(settings);
  if (train === undefined || stepsDone < 1 || worker.model === undefined) return null;
  return describeRun({
    settings: {
      dataset: settings.dataset,
      gpus: settings.gpus,
      batch: settings.batch,
      optimizer: settings.optimizer,
      lr: settings.lr,
      seed: settings.seed,
      mode: settings.mode,
      steps: stepsDone,
    },
    model: worker.model,
    optimizer: worker.optimizer,
    train,
    history,
  });
}

/** Hand a file of the run to the browser as a download. */
export function download(file: ExportFile, run: ExportRun): void {
  const url = URL.createObjectURL(new Blob([file.build(run)], { type: file.type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL can go once the event loop moves on.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
