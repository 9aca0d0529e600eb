import { useId, useMemo, useState } from 'react';
import { MEMORY_MODEL, memoryLimitFigure } from '../../src/cost/limits/memoryLimit';
import type { HardwarePreset } from '../../src/cost/presets';
import { formatBytes } from '../../src/dp/format';

/** The same width at these GPU counts: the rows a learner compares. */
const COUNTS = [1, 4, 8] as const;
const MIN_WIDTH = 1024;
const MAX_WIDTH = 16384;
const WIDTH_STEP = 64;
/** Starts inside the window where DataParallel's GPU 0 runs out on 8 V100s and DDP still fits. */
export const START_WIDTH = 12288;

function Bar({ bytes, budget }: { bytes: number; budget: number }) {
  const share = Math.min(1, bytes / (2 * budget));
  return (
    <span className="limits-bar" aria-hidden="true">
      <span
        className={bytes > budget ? 'limits-bar-over' : 'limits-bar-fits'}
        style={{ width: `${share * 100}%` }}
      />
      <span className="limits-bar-card" />
    </span>
  );
}

/** Limitation 3: per-GPU memory from the ledger as the model widens, on a named card, in both modes. */
export function MemoryLimit({ preset }: { preset: HardwarePreset }) {
  const [width, setWidth] = useState(START_WIDTH);
  const field = useId();
  const figure = useMemo(() => memoryLimitFigure(MEMORY_MODEL, width, preset, COUNTS), [width, preset]);
  return (
    <section className="limits-item" aria-label="Memory">
      <h3>3. Memory</h3>
      <p className="limits-label">
        Modeled from the memory ledger on {preset.gpu.name}: an MLP of {MEMORY_MODEL.features} inputs,{' '}
        {MEMORY_MODEL.hiddenLayers} hidden layers, {MEMORY_MODEL.classes.toLocaleString('en')} outputs,{' '}
        {MEMORY_MODEL.optimizer}, {MEMORY_MODEL.batchPerGpu} rows per GPU.
      </p>
      <div className="panel-fields">
        <label htmlFor={field}>Hidden width</label>
        <input
          id={field}
          type="range"
          min={MIN_WIDTH}
          max={MAX_WIDTH}
          step={WIDTH_STEP}
          value={width}
          onChange={(event) => setWidth(Number(event.target.value))}
        />
        <output htmlFor={field}>{width}</output>
      </div>
      {figure.ok ? (
        <>
          <table className="panel-table">
            <caption>
              Modeled peak memory per GPU at width {width} (card: {formatBytes(figure.value.budgetBytes)})
            </caption>
            <thead>
              <tr>
                <th scope="col">GPUs</th>
                <th scope="col">DataParallel, GPU 0</th>
                <th scope="col">DDP, every rank</th>
              </tr>
            </thead>
            <tbody>
              {figure.value.rows.map((row) => (
                <tr key={row.gpus}>
                  <th scope="row">{row.gpus}</th>
                  <td>
                    <Bar bytes={row.dpGpu0Bytes} budget={figure.value.budgetBytes} />
                    {formatBytes(row.dpGpu0Bytes)}{' '}
                    {row.dpGpu0Bytes > figure.value.budgetBytes ? '(out of memory)' : '(fits)'}
                  </td>
                  <td>
                    <Bar bytes={row.ddpRankBytes} budget={figure.value.budgetBytes} />
                    {formatBytes(row.ddpRankBytes)}{' '}
                    {row.ddpRankBytes > figure.value.budgetBytes ? '(out of memory)' : '(fits)'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="limits-sentence">{figure.value.sentence}</p>
        </>
      ) : (
        <p role="alert">{figure.error.message}</p>
      )}
    </section>
  );
}
