import { formatBytes } from '../../src/dp/format';
import { gpuColour } from '../stage/palette';
import type { SmiRow } from './NvidiaSmiRows';

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
        {row.note ? <span className="smi-note"> {row.note}</span> : null}
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

type Props = {
  rows: readonly SmiRow[];
  budget: number;
  engine: string;
  /** The screen-reader caption of the memory table, e.g. "… during forward". */
  caption: string;
  /** What the Processes table lists on a GPU with work (null: no running process). */
  processOf: (row: SmiRow) => string | null;
};

/** nvidia-smi's two tables: each GPU's memory and utilization, then the processes on each. */
export function SmiTables({ rows, budget, engine, caption, processOf }: Props) {
  return (
    <div className="panel-scroll">
      <table className="smi-table">
        <caption className="panel-sr-only">{caption}</caption>
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
          {rows.map((row) => {
            const process = processOf(row);
            return (
              <tr key={row.device} className={process ? undefined : 'smi-idle'}>
                <th scope="row">{row.device}</th>
                <td>{process ?? 'No running processes'}</td>
                <td className="smi-number">{process ? formatBytes(row.usedBytes) : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
