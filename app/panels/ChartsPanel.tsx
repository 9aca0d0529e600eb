import { useMemo } from 'react';
import { datasetInfo } from '../../src/data/registry';
import { gpuColour } from '../stage/palette';
import type { Store } from '../store/store';
import { useStore } from '../store/store';
import { BoundaryMap, CLASS_SHAPE_NAMES, classColour, classMark } from './BoundaryMap';
import { type BoundarySource, useBoundaryPolling } from './BoundaryPolling';
import { useChartWidth } from './ChartWidth';
import { type DigitPredictionSource, useLatestDigitPredictions } from './DigitPredictions';
import { DigitsGrid } from './DigitsGrid';
import { LossChart } from './LossChart';
import './panels.css';

const selectShown = (state: Store) => state.shown;
const selectTrain = (state: Store) => state.train;
const selectDataset = (state: Store) => state.dataset;
const selectTraining = (state: Store) => state.runStatus === 'training';

/** Cells per side of the decision map: fine enough for a spiral arm, quick enough to ask for every second. */
export const BOUNDARY_RESOLUTION = 48;

function BoundaryLegend({
  chunkRows,
  classes,
}: {
  chunkRows: readonly (readonly number[])[];
  classes: number;
}) {
  return (
    <ul className="chart-legend" aria-label="Map key">
      {chunkRows.map((rows, device) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: chunk i is GPU i's
        <li key={device}>
          <span
            className="chart-swatch chart-swatch-round"
            style={{ background: gpuColour(device) }}
            aria-hidden="true"
          />
          GPU {device}: {rows.length} {rows.length === 1 ? 'point' : 'points'}
        </li>
      ))}
      {Array.from({ length: classes }, (_, c) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a class is its index
        <li key={`class${c}`}>
          <svg width={14} height={14} viewBox="-7 -7 14 14" aria-hidden="true">
            <path d={classMark(c, 60)} fill={classColour(c)} />
          </svg>
          Class {c} ({CLASS_SHAPE_NAMES[c]})
        </li>
      ))}
    </ul>
  );
}

function BoundarySection({ source }: { source: BoundarySource }) {
  const shown = useStore(selectShown);
  const train = useStore(selectTrain);
  const training = useStore(selectTraining);
  const [box, width] = useChartWidth<HTMLDivElement>(300);
  const planarData = train !== undefined && train.features === 2;
  const { boundary, error } = useBoundaryPolling({
    source,
    resolution: BOUNDARY_RESOLUTION,
    enabled: shown !== undefined && planarData,
    trigger: shown,
    resetKey: train,
    training,
  });
  const chunkRows = shown?.report.detail?.chunkRows ?? [];
  return (
    <div ref={box} className="boundary">
      <h3>Decision map</h3>
      {train && planarData ? (
        <>
          <p className="panel-caption">
            {boundary
              ? `What the model predicts everywhere after step ${boundary.step} (the real model, evaluated by the worker); stronger shade = surer.`
              : 'Asking the model for its decision map…'}{' '}
            {shown?.report.settings.mode === 'ddp'
              ? "Large marks: this step's batch, coloured by the rank that loaded each point (DDP: no scatter); shape = true class."
              : "Large marks: this step's batch, coloured by the GPU each point went to; shape = true class."}
          </p>
          <BoundaryMap boundary={boundary} train={train} chunkRows={chunkRows} width={width} />
          <BoundaryLegend chunkRows={chunkRows} classes={train.classes} />
          {error ? <p className="panel-note">The map could not be refreshed: {error}</p> : null}
        </>
      ) : (
        <p className="panel-empty">Waiting for the data…</p>
      )}
    </div>
  );
}

const selectStepsDone = (state: Store) => state.stepsDone;

const NO_ROWS: readonly number[] = [];

function DigitsSection({ source }: { source: DigitPredictionSource }) {
  const shown = useStore(selectShown);
  const train = useStore(selectTrain);
  const training = useStore(selectTraining);
  const stepsDone = useStore(selectStepsDone);
  const detail = shown?.report.detail;
  const shownStep = shown ? shown.index + 1 : 0;
  const rows = useMemo(() => detail?.chunkRows.flat() ?? NO_ROWS, [detail]);
  // Once training moves past the shown step, the worker says what the model predicts now for its batch.
  const { latest, error } = useLatestDigitPredictions({
    source,
    rows: train !== undefined && train.features !== 2 ? rows : NO_ROWS,
    shownStep,
    stepsDone,
    training,
    resetKey: train,
  });
  const behind = shown !== undefined && stepsDone > shownStep;
  return (
    <div className="digits-section">
      <h3>{shown ? `Step ${shownStep}'s digits` : "This step's digits"}</h3>
      {behind ? (
        <p className="panel-note" role="status">
          {latest
            ? `Predictions of the model after step ${latest.step}${training ? `; training has reached step ${stepsDone}` : ''}. The images are step ${shownStep}'s batch.`
            : `Training has reached step ${stepsDone}; these predictions are from step ${shownStep}, before it, until the model's latest arrive.`}
        </p>
      ) : null}
      {train && detail && shown && train.features !== 2 ? (
        <DigitsGrid
          train={train}
          detail={detail}
          devices={shown.trace.devices}
          step={shownStep}
          {...(latest ? { latest } : {})}
        />
      ) : (
        <p className="panel-empty">Waiting for a step…</p>
      )}
      {error ? <p className="panel-note">The latest predictions could not be fetched: {error}</p> : null}
      <p className="panel-fineprint">{datasetInfo('digits').credit}</p>
    </div>
  );
}

/** Which step the views show: the stage's step, and how far training has gone. */
function ShownStepNote() {
  const shown = useStore((state) => (state.shown ? state.shown.index + 1 : undefined));
  const stepsDone = useStore((state) => state.stepsDone);
  if (shown === undefined) return null;
  return (
    <p className="panel-fineprint" data-shown-step={shown}>
      The stage shows step {shown}; the curves run to step {stepsDone}.
    </p>
  );
}

type Props = {
  /** Where the decision map comes from; the training worker unless a test passes a fake. */
  boundarySource?: BoundarySource;
  /** Where the digits' latest predictions come from; the training worker unless a test passes a fake. */
  predictionSource?: DigitPredictionSource;
};

/** Loss and accuracy over the run, and what the model makes of the data: a decision map or the digits. */
export function ChartsPanel({ boundarySource, predictionSource }: Props) {
  const workerBoundary = useStore((state) => state.boundary);
  const workerPredict = useStore((state) => state.predict);
  const dataset = useStore(selectDataset);
  const kind = datasetInfo(dataset).kind;
  return (
    <section className="panel charts" aria-label="Training progress" data-tour="charts">
      <h2>Training progress</h2>
      <ShownStepNote />
      <LossChart />
      {kind === 'planar' ? (
        <BoundarySection source={boundarySource ?? workerBoundary} />
      ) : (
        <DigitsSection source={predictionSource ?? workerPredict} />
      )}
    </section>
  );
}
