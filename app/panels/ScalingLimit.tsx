import { useMemo } from 'react';
import { scalingLimitFigure } from '../../src/cost/limits/scalingLimit';
import { SCALING_MODELS } from '../../src/cost/models';
import type { HardwarePreset } from '../../src/cost/presets';
import type { Store } from '../store/store';
import { useStore } from '../store/store';

const selectOptimizer = (state: Store) => state.optimizer;
/** DDP across up to 8 machines; DataParallel stays on one. */
const NODES = 8;
const SIZED = SCALING_MODELS.large;

const percent = (value: number): string => `${Math.round(value * 100)} %`;

/** Limitation 2: modeled speed-up and efficiency against N, with the reason DataParallel flattens. */
export function ScalingLimit({ preset }: { preset: HardwarePreset }) {
  const optimizer = useStore(selectOptimizer);
  const figure = useMemo(
    () => scalingLimitFigure({ model: SIZED.model, optimizer, batch: SIZED.batchPerGpu }, preset, NODES),
    [optimizer, preset],
  );
  if (!figure.ok) return <p role="alert">{figure.error.message}</p>;
  const { dp, ddp, sentence } = figure.value;
  return (
    <section className="limits-item" aria-label="Scalability">
      <h3>2. Scalability</h3>
      <p className="limits-label">
        Modeled on {preset.label}, {SIZED.label}, {SIZED.batchPerGpu} rows per GPU:
      </p>
      <table className="panel-table">
        <caption>Modeled speed-up and efficiency</caption>
        <thead>
          <tr>
            <th scope="col">GPUs</th>
            <th scope="col">DataParallel</th>
            <th scope="col">DDP</th>
          </tr>
        </thead>
        <tbody>
          {ddp.map((point) => {
            const dpPoint = dp.find((candidate) => candidate.gpus === point.gpus);
            return (
              <tr key={point.gpus}>
                <th scope="row">
                  {point.gpus}
                  {point.nodes > 1 ? ` (${point.nodes} machines)` : ''}
                </th>
                <td>
                  {dpPoint
                    ? `${dpPoint.speedup.toFixed(2)}× · ${percent(dpPoint.efficiency)}`
                    : 'cannot leave one machine'}
                </td>
                <td>{`${point.speedup.toFixed(2)}× · ${percent(point.efficiency)}`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="limits-sentence">{sentence}</p>
    </section>
  );
}
