import { useMemo } from 'react';
import { PRESETS } from '../../src/cost/presets';
import { formatMs } from '../../src/dp/format';
import { PHASE_TITLES } from '../../src/dp/phase';
import type { StepTrace } from '../../src/dp/trace';
import type { Store } from '../store/store';
import { useStore } from '../store/store';
import { useChartWidth } from './ChartWidth';
import { TimelineChart } from './TimelineChart';
import { type Timeline, timelineOf } from './TimelineLanes';
import { PHASE_COLOURS } from './TimelinePalette';
import './panels.css';

const selectTrace = (state: Store) => state.shown?.trace;
const selectPhase = (state: Store) => state.phase;
const selectEngineLabel = (state: Store) => state.engineInfo?.label;

/** The single-process bottleneck in words: when the Python process starts each replica's forward. */
function forwardLaunches(timeline: Timeline): string | null {
  const starts = timeline.gpus.flatMap((lane) =>
    lane.bars
      .filter((bar) => bar.phase === 'forward')
      .map((bar) => ({ device: lane.device, ms: bar.startMs })),
  );
  if (starts.length < 2) return null;
  const list = starts.map((start) => `GPU ${start.device} at ${formatMs(start.ms)}`).join(', ');
  return `Forward: the one Python process starts the replicas one after another — ${list}.`;
}

function PhaseTable({
  trace,
  timeline,
  phase,
  engine,
}: {
  trace: StepTrace;
  timeline: Timeline;
  phase: string;
  engine: string | undefined;
}) {
  const measured = trace.measuredMs ?? {};
  const anyMeasured = Object.keys(measured).length > 0;
  return (
    <table className="panel-table timeline-table">
      <caption>
        Time per phase{anyMeasured && engine ? `, measured in this browser on ${engine}` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">Phase</th>
          <th scope="col">Modeled</th>
          {anyMeasured ? <th scope="col">Measured here</th> : null}
        </tr>
      </thead>
      <tbody>
        {timeline.spans.map((span) => {
          const now = span.phase === phase;
          const value = measured[span.phase];
          return (
            <tr
              key={span.phase}
              className={now ? 'timeline-now' : undefined}
              aria-current={now ? 'step' : undefined}
            >
              <th scope="row">
                <span
                  className="chart-swatch"
                  style={{ background: PHASE_COLOURS[span.phase] }}
                  aria-hidden="true"
                />
                {PHASE_TITLES[span.phase]}
                {now ? <span className="panel-note"> (now)</span> : null}
              </th>
              <td>{formatMs(span.endMs - span.startMs)}</td>
              {anyMeasured ? <td>{value === undefined ? '—' : formatMs(value)}</td> : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The shown step on the timing model's clock: Python's launches and every GPU's work, phase by phase. */
export function TimelinePanel() {
  const trace = useStore(selectTrace);
  const phase = useStore(selectPhase);
  const engine = useStore(selectEngineLabel);
  const [box, width] = useChartWidth<HTMLDivElement>(340);
  const timeline = useMemo(() => (trace ? timelineOf(trace) : undefined), [trace]);
  const bottleneck = timeline ? forwardLaunches(timeline) : null;

  return (
    <section className="panel timeline" aria-label="Timeline" data-tour="timeline">
      <h2>Timeline</h2>
      {trace && timeline ? (
        <>
          <p className="panel-caption">
            One step, modeled for {PRESETS[trace.preset].label}: {formatMs(timeline.totalMs)}. Ticks on the
            Python lane mark where the one process starts work on a GPU; outlined bars are copies leaving a
            GPU.
          </p>
          <div ref={box} className="chart-box">
            <TimelineChart trace={trace} timeline={timeline} phase={phase} width={width} />
          </div>
          <ul className="chart-legend" aria-label="Phase colours">
            {trace.phases.map((name) => (
              <li key={name}>
                <span
                  className="chart-swatch"
                  style={{ background: PHASE_COLOURS[name] }}
                  aria-hidden="true"
                />
                {PHASE_TITLES[name]}
              </li>
            ))}
          </ul>
          {bottleneck ? <p className="panel-caption">{bottleneck} (modeled)</p> : null}
          <PhaseTable trace={trace} timeline={timeline} phase={phase} engine={engine} />
          <p className="panel-fineprint">
            Modeled: the timing model's estimate for real hardware. Measured: wall time of each phase on this
            browser's logical GPUs, which share one adapter — compare their shape, not their size.
          </p>
        </>
      ) : (
        <p className="panel-empty">Waiting for the first step…</p>
      )}
    </section>
  );
}
