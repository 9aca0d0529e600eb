import { useMemo } from 'react';
import { PRESETS } from '../../src/cost/presets';
import { formatBytes } from '../../src/dp/format';
import { PHASE_TITLES } from '../../src/dp/phase';
import { gpuColour } from '../stage/palette';
import type { Store } from '../store/store';
import { useStore } from '../store/store';
import { memoryBudget, type SmiRow, smiRows } from './NvidiaSmiRows';
import './panels.css';
import './NvidiaSmiPanel.css';

const selectTrace = (state: Store) => state.shown?.trace;
const selectPhase = (state: Store) => state.phase;
const selectBatch = (state: Store) => state.batch;
const selectEngineKind = (state: Store) => state.engineInfo?.kind;

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function GpuRow({ row, budget, engine }: { row: SmiRow; budget: number; engine: string }) {
  const fill = Math.min(1, row.usedBytes / budget);
  const held = row.holdings.map((holding) => `${holding.title} ${formatBytes(holding.bytes)}`).join(', ');
  return (
    <tr className={row.busy ? undefined : 'smi-idle'} data-used-bytes={row.usedBytes}>
      <th scope="row">
        <span className="smi-swatch" style={{ background: gpuColour(row.device) }} aria-hidden="true" />
        GPU {row.device}
      </th>
      <td className="smi-name">
        Logical · {engine}
        {row.busy ? null : <span className="smi-note"> idle</span>}
      </td>
      <td>
        <span className="smi-memory">
          {formatBytes(row.usedBytes)} / {formatBytes(budget)}
        </span>
        <span className="smi-bar" aria-hidden="true">
          <span style={{ width: `${fill * 100}%`, background: gpuColour(row.device) }} />
        </span>
        {held ? <span className="panel-sr-only">: {held}</span> : null}
      </td>
      <td className="smi-number">{percent(row.utilization)}</td>
    </tr>
  );
}

function Caption({ rows }: { rows: readonly SmiRow[] }) {
  const first = rows[0];
  const second = rows[1];
  if (!first || !second) {
    return (
      <p className="panel-caption">
        One GPU: DataParallel calls the model directly, so GPU 0 holds everything and nothing is copied.
      </p>
    );
  }
  const fuller = first.usedBytes > second.usedBytes;
  return (
    <p className="panel-caption">
      {fuller ? 'GPU 0 is the fullest' : 'GPU 0 fills up as the step goes on'}: it keeps the original
      parameters (which its replica shares), their gradients and the optimizer state, the whole batch and the
      gathered outputs, while every other busy GPU holds a replica, its slice of the batch and that slice's
      activations, and from backward until reduce-add a full set of gradients.
    </p>
  );
}

/** An nvidia-smi style table of the logical GPUs at the current phase of the shown step. */
export function NvidiaSmiPanel() {
  const trace = useStore(selectTrace);
  const phase = useStore(selectPhase);
  const batch = useStore(selectBatch);
  const engineKind = useStore(selectEngineKind);
  const engine = engineKind === 'cpu' ? 'CPU' : 'WebGPU';
  const rows = useMemo(() => (trace ? smiRows(trace, phase) : []), [trace, phase]);
  const budget = useMemo(
    () =>
      trace
        ? memoryBudget({
            model: trace.plan.model,
            batch: Math.max(batch, trace.plan.batch),
            optimizer: trace.plan.optimizer,
            lossPlacement: trace.plan.lossPlacement,
          })
        : 0,
    [trace, batch],
  );

  return (
    <section className="panel smi" aria-label="nvidia-smi" data-tour="nvidia-smi">
      <h2>nvidia-smi</h2>
      {trace ? (
        <>
          <p className="smi-banner">
            <span>$ nvidia-smi</span>{' '}
            <span>
              · {trace.devices} logical GPU{trace.devices === 1 ? '' : 's'} on {engine}
            </span>{' '}
            <span>· phase: {PHASE_TITLES[phase]}</span>
          </p>
          <div className="panel-scroll">
            <table className="smi-table">
              <caption className="panel-sr-only">
                Memory and utilization of each logical GPU during {PHASE_TITLES[phase].toLowerCase()}
              </caption>
              <thead>
                <tr>
                  <th scope="col">GPU</th>
                  <th scope="col" className="smi-name">
                    Name
                  </th>
                  <th scope="col">Memory-Usage</th>
                  <th scope="col">
                    GPU-Util <span className="smi-note">modeled</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <GpuRow key={row.device} row={row} budget={budget} engine={engine} />
                ))}
              </tbody>
            </table>
            <table className="smi-table smi-processes">
              <caption>Processes</caption>
              <thead>
                <tr>
                  <th scope="col">GPU</th>
                  <th scope="col">Process name</th>
                  <th scope="col">GPU Memory</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.device} className={row.busy ? undefined : 'smi-idle'}>
                    <th scope="row">{row.device}</th>
                    <td>{row.busy ? 'python train.py' : 'No running processes'}</td>
                    <td className="smi-number">{row.busy ? formatBytes(row.usedBytes) : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Caption rows={rows} />
          <p className="panel-fineprint">
            Memory: what each GPU holds at this phase, from the step's memory ledger. Total: a budget of{' '}
            {formatBytes(budget)} per logical GPU, the smallest power of two that fits this model and batch on
            1–8 GPUs (real cards have gigabytes). GPU-Util: as on nvidia-smi, the share of the step in which a
            kernel or a copy runs on that GPU (host time — Python, threads, the GIL — not counted), modeled
            for {PRESETS[trace.preset].label}. One Python process drives every GPU, so the same process is
            listed on each.
          </p>
        </>
      ) : (
        <p className="panel-empty">Waiting for the first step…</p>
      )}
    </section>
  );
}
