import { scaleLinear } from 'd3-scale';
import { useMemo } from 'react';
import { bottleneckFigure, measuredPhases, type ProcessLane } from '../../src/cost/limits/bottleneck';
import type { HardwarePreset } from '../../src/cost/presets';
import { defaultModel } from '../../src/data/registry';
import { formatMs } from '../../src/dp/format';
import type { Store } from '../store/store';
import { useStore } from '../store/store';

const selectGpus = (state: Store) => state.gpus;
const selectBatch = (state: Store) => state.batch;
const selectOptimizer = (state: Store) => state.optimizer;
const selectDataset = (state: Store) => state.dataset;
const selectMode = (state: Store) => state.mode;
const selectMeasured = (state: Store) => state.shown?.report.measuredMs;

const LANE_HEIGHT = 18;
const LABEL_WIDTH = 150;
const WIDTH = 520;

function Lanes({ title, lanes, endMs }: { title: string; lanes: ProcessLane[]; endMs: number }) {
  const x = scaleLinear()
    .domain([0, endMs])
    .range([LABEL_WIDTH, WIDTH - 4]);
  const phases = lanes[0]?.spans.map((span) => span.phase) ?? [];
  return (
    <>
      <svg
        className="limits-timeline"
        role="img"
        aria-label={`${title}: ${lanes.length} host process${lanes.length === 1 ? '' : 'es'}`}
        viewBox={`0 0 ${WIDTH} ${lanes.length * LANE_HEIGHT + 4}`}
      >
        {lanes.map((lane, i) => (
          <g key={lane.label} transform={`translate(0, ${i * LANE_HEIGHT})`}>
            <text x={0} y={LANE_HEIGHT - 6} className="limits-lane-label">
              {lane.label}
            </text>
            {lane.spans.map((span, j) => (
              <rect
                key={span.phase}
                className={`limits-span limits-span-${j % 4}`}
                x={x(span.startMs)}
                y={2}
                width={Math.max(1, x(span.endMs) - x(span.startMs))}
                height={LANE_HEIGHT - 4}
              >
                <title>{`${span.phase}: ${formatMs(span.startMs)} – ${formatMs(span.endMs)} (modeled)`}</title>
              </rect>
            ))}
          </g>
        ))}
      </svg>
      <p className="limits-phases">
        {title}, left to right: {phases.join(' → ')}
      </p>
    </>
  );
}

/** Limitation 1: DataParallel's one host process against DDP's one per GPU, modeled, with this browser's measured phases. */
export function BottleneckLimit({ preset }: { preset: HardwarePreset }) {
  const gpus = useStore(selectGpus);
  const batch = useStore(selectBatch);
  const optimizer = useStore(selectOptimizer);
  const dataset = useStore(selectDataset);
  const mode = useStore(selectMode);
  const measured = useStore(selectMeasured);
  const figure = useMemo(
    () => bottleneckFigure({ gpus, batch, model: defaultModel(dataset), optimizer, preset }),
    [gpus, batch, dataset, optimizer, preset],
  );
  const phases = measuredPhases(measured, mode);
  if (!figure.ok) return <p role="alert">{figure.error.message}</p>;
  const endMs = Math.max(figure.value.dp.stepMs, figure.value.ddp.stepMs);
  return (
    <section className="limits-item" aria-label="Single-process bottleneck">
      <h3>1. Single-process bottleneck</h3>
      <p className="limits-label">Modeled on {preset.label}, this page's model and batch, same time axis:</p>
      <Lanes title="DataParallel (modeled)" lanes={figure.value.dp.lanes} endMs={endMs} />
      <Lanes title="DDP (modeled)" lanes={figure.value.ddp.lanes} endMs={endMs} />
      <p className="limits-sentence">{figure.value.sentence}</p>
      <table className="panel-table">
        <caption>Measured in this browser (the shown step, {mode === 'dp' ? 'DataParallel' : 'DDP'})</caption>
        <tbody>
          {phases.length === 0 ? (
            <tr>
              <td>No step measured yet: take a step to see this browser's times.</td>
            </tr>
          ) : (
            phases.map((phase) => (
              <tr key={phase.phase}>
                <th scope="row">{phase.title}</th>
                <td>{formatMs(phase.ms)} measured</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}
