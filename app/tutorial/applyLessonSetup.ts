import type { DatasetId } from '../../src/data/registry';
import { PHASE_TITLES, type Phase } from '../../src/dp/phase';
import type { AppStore, Store } from '../store/store';
import type { OptimizerKind } from '../store/urlState';
import type { LessonSetup } from './lessonTypes';

type SetupKey = keyof LessonSetup;
type SetupValues = {
  gpus: number;
  batch: number;
  phase: Phase;
  dataset: DatasetId;
  optimizer: OptimizerKind;
};

/** What a lesson's setup changed: the values before and after, for the keys it changed only. */
export type SetupChange = { before: LessonSetup; after: LessonSetup };

const ORDER: readonly SetupKey[] = ['gpus', 'batch', 'dataset', 'optimizer', 'phase'];

const OPTIMIZER_NAMES: Record<OptimizerKind, string> = {
  sgd: 'SGD',
  momentum: 'SGD with momentum',
  adam: 'Adam',
};

function current(state: Store): SetupValues {
  const { gpus, batch, phase, dataset, optimizer } = state;
  return { gpus, batch, phase, dataset, optimizer };
}

/** Sets the values, in an order that restarts the run at most once per setting. */
function apply(app: AppStore, values: LessonSetup): void {
  const store = app.getState();
  if (values.gpus !== undefined) store.setGpus(values.gpus);
  if (values.batch !== undefined) store.setBatch(values.batch);
  if (values.dataset !== undefined) store.setDataset(values.dataset);
  if (values.optimizer !== undefined) store.setOptimizer(values.optimizer);
  const { phase } = values;
  if (phase === undefined) return;
  if (app.getState().shown) app.getState().enterPhase(phase, false);
  else app.setState({ phase });
}

/**
 * Puts the playground in the state a lesson talks about: playback paused, then the GPU count, batch,
 * data set, optimizer and phase it names, except those in `keep`. The phase is shown at rest (all its
 * events done) on the step on the stage; when there is none yet, it is set in the store and the first
 * step to arrive opens at it. (A new GPU count or batch restarts the run, whose first step also opens at
 * the store's phase.) Returns what it changed, so the lesson can say so and offer to undo it.
 */
export function applyLessonSetup(
  app: AppStore,
  setup: LessonSetup | undefined,
  keep: ReadonlySet<SetupKey> = new Set(),
): SetupChange | null {
  const store = app.getState();
  if (store.runStatus === 'training') void store.stopTraining();
  store.pause();
  if (!setup) return null;
  const was = current(app.getState());
  const wanted: LessonSetup = {};
  const before: LessonSetup = {};
  for (const key of ORDER) {
    const value = setup[key];
    if (value === undefined || keep.has(key) || value === was[key]) continue;
    Object.assign(wanted, { [key]: value });
    Object.assign(before, { [key]: was[key] });
  }
  apply(app, wanted);
  return Object.keys(wanted).length > 0 ? { before, after: wanted } : null;
}

/** Puts back what a lesson's setup changed. */
export function undoLessonSetup(app: AppStore, change: SetupChange): void {
  app.getState().pause();
  apply(app, change.before);
}

/** "This lesson set 8 GPUs, batch 32 and the Forward phase." */
export function describeSetupChange(change: SetupChange): string {
  const { gpus, batch, dataset, optimizer, phase } = change.after;
  const parts = [
    gpus === undefined ? '' : `${gpus} GPU${gpus === 1 ? '' : 's'}`,
    batch === undefined ? '' : `batch ${batch}`,
    dataset === undefined ? '' : `the ${dataset} data set`,
    optimizer === undefined ? '' : OPTIMIZER_NAMES[optimizer],
    phase === undefined ? '' : `the ${PHASE_TITLES[phase]} phase`,
  ].filter((part) => part !== '');
  const list =
    parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  return `This lesson set ${list}.`;
}
