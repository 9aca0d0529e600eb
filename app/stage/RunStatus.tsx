import { summarizeHistory } from '../store/history';
import { useStore } from '../store/store';
import { TrainingSpeed } from './TrainingSpeed';

/** Mode switch (step by step / train) and errors with a way back (the stage shows set-up and replay progress). */
export function RunStatus() {
  const status = useStore((state) => state.runStatus);
  const error = useStore((state) => state.runError);
  const stepsDone = useStore((state) => state.stepsDone);
  const stepsPerSecond = useStore((state) => state.stepsPerSecond);
  const startRun = useStore((state) => state.startRun);
  const startTraining = useStore((state) => state.startTraining);
  const stopTraining = useStore((state) => state.stopTraining);
  const history = useStore((state) => state.history);
  const summary = summarizeHistory(history);
  const training = status === 'training';
  return (
    <div className="run-status" data-run-status={status}>
      {status === 'error' ? (
        <p className="run-error" role="alert">
          Training stopped: {error}{' '}
          <button type="button" onClick={() => void startRun()}>
            Try again
          </button>
        </p>
      ) : null}
      <p className="train-toggle">
        <span
          className="steps-done"
          data-steps-done={stepsDone}
          data-history-points={history.length}
          data-history-first={history[0]?.step}
          data-history-last={history.at(-1)?.step}
        >
          {stepsDone} {stepsDone === 1 ? 'step' : 'steps'} trained
          {training && stepsPerSecond !== undefined
            ? ` · ${stepsPerSecond.toFixed(0)} steps/s (measured)`
            : ''}
        </span>
        <button
          type="button"
          aria-pressed={training}
          disabled={!training && status !== 'ready'}
          onClick={() => void (training ? stopTraining() : startTraining())}
        >
          {training ? 'Stop training' : 'Train continuously'}
        </button>
        <TrainingSpeed />
      </p>
      {summary ? (
        <p
          className="progress-summary"
          data-progress-summary=""
          data-first-loss={summary.firstLoss}
          data-last-loss={summary.recentLoss}
          data-first-accuracy={summary.firstAccuracy}
          data-last-accuracy={summary.lastAccuracy}
        >
          Loss {summary.firstLoss.toFixed(3)} at step 1 → {summary.recentLoss.toFixed(3)} now (mean of the
          last batches)
          {summary.firstAccuracy !== undefined && summary.lastAccuracy !== undefined
            ? ` · training accuracy ${(100 * summary.firstAccuracy).toFixed(0)}% → ${(100 * summary.lastAccuracy).toFixed(0)}%`
            : ''}
        </p>
      ) : null}
    </div>
  );
}
