import type { AppStore } from '../store/store';
import type { LessonSetup } from './lessonTypes';

/**
 * Puts the playground in the state a lesson talks about: playback paused, then the GPU count, batch and
 * phase it names, except those in `keep`. The phase is shown at rest (all its events done) on the step
 * on the stage; when there is none yet, it is set in the store and the first step to arrive opens at
 * it. (A new GPU count or batch restarts the run, whose first step also opens at the store's phase.)
 */
export function applyLessonSetup(
  app: AppStore,
  setup: LessonSetup | undefined,
  keep: ReadonlySet<keyof LessonSetup> = new Set(),
): void {
  const store = app.getState();
  if (store.runStatus === 'training') void store.stopTraining();
  store.pause();
  if (!setup) return;
  if (setup.gpus !== undefined && !keep.has('gpus')) store.setGpus(setup.gpus);
  if (setup.batch !== undefined && !keep.has('batch')) store.setBatch(setup.batch);
  const { phase } = setup;
  if (phase === undefined || keep.has('phase')) return;
  if (store.shown) store.enterPhase(phase, false);
  else app.setState({ phase });
}
