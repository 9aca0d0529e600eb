import { useMemo } from 'react';
import type { Store } from '../store/store';
import { useStore } from '../store/store';
import { ChartLines, type LineSeries } from './ChartLines';
import { latest, trainingSeries } from './ChartSeries';
import { useChartWidth } from './ChartWidth';

const selectHistory = (state: Store) => state.history;
const selectStepsPerSecond = (state: Store) => state.stepsPerSecond;
const selectTraining = (state: Store) => state.runStatus === 'training';

/** About one point per two pixels is as much as a line can show. */
const POINTS_PER_PIXEL = 0.5;

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/**
 * Loss and accuracy over the steps trained so far. The history grows up to ~30 times a second while
 * training; each update redraws two thinned paths, which is cheap — the animation never touches this.
 */
export function LossChart() {
  const history = useStore(selectHistory);
  const stepsPerSecond = useStore(selectStepsPerSecond);
  const training = useStore(selectTraining);
  const [box, width] = useChartWidth<HTMLDivElement>(320);
  const series = useMemo(
    () => trainingSeries(history, Math.max(20, Math.floor(width * POINTS_PER_PIXEL))),
    [history, width],
  );
  const first = history[0]?.step ?? 0;
  const last = history[history.length - 1]?.step ?? 0;
  const steps: [number, number] = [Math.min(first, last), last];
  const firstLoss = series.loss[0];
  const lastLoss = latest(history, (point) => point.loss);
  const lastTrain = latest(history, (point) => point.train);
  const lastTest = latest(history, (point) => point.test);
  const maxLoss = Math.max(0.1, ...series.loss.map((point) => point.value));

  const accuracySeries: LineSeries[] = [
    { name: 'Train', points: series.train, className: 'chart-series-train' },
  ];
  if (series.test.length > 0)
    accuracySeries.push({ name: 'Test', points: series.test, className: 'chart-series-test' });
  const lossWords =
    firstLoss && lastLoss
      ? `Loss went from ${firstLoss.value.toFixed(3)} at step ${Math.round(firstLoss.step)} to ${lastLoss.value.toFixed(3)} at step ${lastLoss.step}.`
      : 'No loss read back yet.';
  const accuracyWords = lastTrain
    ? `Accuracy at step ${lastTrain.step}: ${percent(lastTrain.value)} on the training rows${lastTest ? `, ${percent(lastTest.value)} on the held-out rows` : ''}.`
    : 'Accuracy is scored every few steps; none yet.';

  if (history.length === 0) {
    return (
      <div ref={box} className="loss-chart">
        <p className="panel-empty">No steps trained yet.</p>
      </div>
    );
  }
  return (
    <div ref={box} className="loss-chart">
      <p className="chart-readout" aria-live="off">
        <span>Step {last}</span>
        {lastLoss ? <span>loss {lastLoss.value.toFixed(3)}</span> : null}
        {lastTrain ? <span>train accuracy {percent(lastTrain.value)}</span> : null}
        {lastTest ? <span>test accuracy {percent(lastTest.value)}</span> : null}
        {training && stepsPerSecond !== undefined ? (
          <span>{Math.round(stepsPerSecond)} steps/s (measured in this browser)</span>
        ) : null}
      </p>
      <div className="chart-box">
        <ChartLines
          title="Loss over training steps"
          description={lossWords}
          series={[{ name: 'Loss', points: series.loss, className: 'chart-series-loss' }]}
          steps={steps}
          values={[0, maxLoss]}
          width={width}
          height={150}
        />
        <ChartLines
          title="Accuracy over training steps"
          description={accuracyWords}
          series={accuracySeries}
          steps={steps}
          values={[0, 1]}
          formatValue={percent}
          width={width}
          height={130}
        />
      </div>
      <ul className="chart-legend" aria-label="Lines">
        <li>
          <span className="chart-line-sample chart-series-loss" aria-hidden="true" /> Loss (top chart)
        </li>
        <li>
          <span className="chart-line-sample chart-series-train" aria-hidden="true" /> Train accuracy
        </li>
        {series.test.length > 0 ? (
          <li>
            <span className="chart-line-sample chart-series-test" aria-hidden="true" /> Test accuracy (dashed)
          </li>
        ) : null}
      </ul>
      <p className="panel-sr-only">
        {lossWords} {accuracyWords}
      </p>
    </div>
  );
}
