import { useId, useMemo, useState } from 'react';
import { SCALING_MODELS, type ScalingModelId } from '../../src/cost/models';
import { isPresetId, PRESETS, type PresetId } from '../../src/cost/presets';
import { describeScaling } from '../../src/cost/scalingShape';
import type { Store } from '../store/store';
import { useStore } from '../store/store';
import { useChartWidth } from './ChartWidth';
import { DDP_COLOUR, DP_COLOUR, ScalingChart } from './ScalingChart';
import {
  formatSpeedup,
  PAYOFF_TOLERANCE,
  type ScalingCurves,
  scalingCurves,
  speedupAt,
} from './ScalingCurves';
import './panels.css';

const selectGpus = (state: Store) => state.gpus;
const selectOptimizer = (state: Store) => state.optimizer;
const selectMode = (state: Store) => state.mode;

const MODEL_IDS = Object.keys(SCALING_MODELS) as ScalingModelId[];
const PRESET_IDS = Object.keys(PRESETS) as PresetId[];

function isModelId(value: string): value is ScalingModelId {
  return Object.hasOwn(SCALING_MODELS, value);
}

function StopSentence({ curves }: { curves: ScalingCurves }) {
  const { dpStop, dpStopGain, dp } = curves;
  const last = dp[dp.length - 1];
  const tolerance = `${Math.round(PAYOFF_TOLERANCE * 100)} %`;
  if (dpStopGain === null) {
    return (
      <p className="scaling-stop-text">
        <strong>DataParallel keeps paying off up to {last?.gpus ?? dpStop} GPUs</strong> (modeled): every
        smaller count is beaten by at least {tolerance} somewhere further along the curve.
      </p>
    );
  }
  const change =
    dpStopGain < 0
      ? `every larger count is slower (the best is ${Math.round(-dpStopGain * 100)} % behind)`
      : `no larger count is more than ${tolerance} faster (the best adds ${(dpStopGain * 100).toFixed(1)} %)`;
  return (
    <p className="scaling-stop-text">
      <strong>
        DataParallel stops paying off after {dpStop} GPU{dpStop === 1 ? '' : 's'}
      </strong>{' '}
      (modeled): {change}.
    </p>
  );
}

function NumbersTable({ curves }: { curves: ScalingCurves }) {
  const counts = curves.ddp.map((point) => point.gpus);
  return (
    <details className="panel-details">
      <summary>Show the numbers</summary>
      <table className="panel-table">
        <caption>Modeled speed-up over one GPU</caption>
        <thead>
          <tr>
            <th scope="col">GPUs</th>
            <th scope="col">DataParallel</th>
            <th scope="col">DDP</th>
          </tr>
        </thead>
        <tbody>
          {counts.map((gpus) => {
            const dp = speedupAt(curves.dp, gpus);
            const ddp = speedupAt(curves.ddp, gpus);
            return (
              <tr key={gpus}>
                <th scope="row">{gpus}</th>
                <td>{dp === undefined ? 'one machine only' : formatSpeedup(dp)}</td>
                <td>{ddp === undefined ? '—' : formatSpeedup(ddp)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}

/** Modeled speed-up of DataParallel and DDP for a chosen machine and model size. */
export function ScalingPanel() {
  const gpus = useStore(selectGpus);
  const optimizer = useStore(selectOptimizer);
  const mode = useStore(selectMode);
  const [preset, setPreset] = useState<PresetId>('a100-nvlink');
  const [modelId, setModelId] = useState<ScalingModelId>('large');
  const [box, width] = useChartWidth<HTMLDivElement>(340);
  const presetField = useId();
  const modelField = useId();
  const result = useMemo(() => scalingCurves(preset, modelId, optimizer), [preset, modelId, optimizer]);
  const presetName = PRESETS[preset].label;

  return (
    <section className="panel scaling" aria-label="Scaling" data-tour="scaling">
      <h2>Scaling</h2>
      <div className="panel-fields">
        <label htmlFor={presetField}>Hardware</label>
        <select
          id={presetField}
          value={preset}
          onChange={(event) => isPresetId(event.target.value) && setPreset(event.target.value)}
        >
          {PRESET_IDS.map((id) => (
            <option key={id} value={id}>
              {PRESETS[id].label}
            </option>
          ))}
        </select>
        <label htmlFor={modelField}>Model</label>
        <select
          id={modelField}
          value={modelId}
          onChange={(event) => isModelId(event.target.value) && setModelId(event.target.value)}
        >
          {MODEL_IDS.map((id) => (
            <option key={id} value={id}>
              {SCALING_MODELS[id].label}
            </option>
          ))}
        </select>
      </div>
      {result.ok ? (
        <>
          <p className="panel-caption">
            Modeled speed-up (samples per second over one plain GPU) on {presetName},{' '}
            {SCALING_MODELS[modelId].batchPerGpu} rows per GPU, {optimizer} optimizer.
          </p>
          <div ref={box} className="chart-box">
            <ScalingChart curves={result.value} gpus={gpus} width={width} presetName={presetName} />
          </div>
          <ul className="chart-legend" aria-label="Curves">
            <li>
              <span
                className="chart-swatch chart-swatch-round"
                style={{ background: DP_COLOUR }}
                aria-hidden="true"
              />
              DataParallel (one machine, circles)
            </li>
            <li>
              <span className="chart-swatch" style={{ background: DDP_COLOUR }} aria-hidden="true" />
              DistributedDataParallel (squares; dashed to a second machine)
            </li>
            <li>
              <span className="chart-line-sample chart-line-ideal" aria-hidden="true" />
              Ideal: N GPUs, N times faster
            </li>
          </ul>
          <StopSentence curves={result.value} />
          <p className="panel-caption">
            Your {gpus} GPU{gpus === 1 ? '' : 's'}
            {mode === 'ddp' ? ' (this run trains with DDP)' : ' (this run trains with DataParallel)'}:
            DataParallel {formatSpeedup(speedupAt(result.value.dp, gpus) ?? 1)}, DDP{' '}
            {formatSpeedup(speedupAt(result.value.ddp, gpus) ?? 1)} (modeled). With two machines DDP reaches{' '}
            {formatSpeedup(result.value.ddp[result.value.ddp.length - 1]?.speedup ?? 1)} on{' '}
            {result.value.ddp[result.value.ddp.length - 1]?.gpus} GPUs; DataParallel stops at{' '}
            {result.value.gpusPerNode}.
          </p>
          <p className="panel-fineprint">
            Why DataParallel falls behind: one Python process replicates the model, launches every replica's
            work in turn and sends every batch slice, output and gradient through GPU 0, every step.{' '}
            {describeScaling(result.value.dp).sentence} Past one machine it cannot go at all. DDP runs one
            process per GPU and overlaps its gradient all-reduce with backward.
          </p>
          <NumbersTable curves={result.value} />
        </>
      ) : (
        <p role="alert">{result.message}</p>
      )}
    </section>
  );
}
