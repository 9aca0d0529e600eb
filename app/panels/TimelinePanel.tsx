import { type RefCallback, useMemo } from 'react';
import { PRESETS } from '../../src/cost/presets';
import type { DdpTrace } from '../../src/dp/ddpTrace';
import { formatMs } from '../../src/dp/format';
import type { StepTrace } from '../../src/dp/trace';
import type { Store } from '../store/store';
import { useStore } from '../store/store';
import { useChartWidth } from './ChartWidth';
import { ddpTimelineOf } from './DdpTimelineLanes';
import { againstDataParallel, ringAgainstBackward } from './ddpTimelineWords';
import { useShownDdpTrace } from './shownDdpTrace';
import { TimelineChart } from './TimelineChart';
import { type Timeline, timelineOf } from './TimelineLanes';
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

type TableProps = {
  timeline: Timeline;
  measured: Partial<Record<string, number>>;
  phase: string | undefined;
  engine: string | undefined;
};

function PhaseTable({ timeline, measured, phase, engine }: TableProps) {
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
                <span className="chart-swatch" style={{ background: span.colour }} aria-hidden="true" />
                {span.title}
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

function Legend({ timeline }: { timeline: Timeline }) {
  return (
    <ul className="chart-legend" aria-label="Phase colours">
      {timeline.legend.map((entry) => (
        <li key={entry.title}>
          <span className="chart-swatch" style={{ background: entry.colour }} aria-hidden="true" />
          {entry.title}
        </li>
      ))}
    </ul>
  );
}

type Sized = { engine: string | undefined; box: RefCallback<HTMLDivElement>; width: number };

function DpTimeline({ trace, engine, box, width }: Sized & { trace: StepTrace }) {
  const phase = useStore(selectPhase);
  const timeline = useMemo(() => timelineOf(trace), [trace]);
  const bottleneck = forwardLaunches(timeline);
  return (
    <>
      <p className="panel-caption">
        One DataParallel step, modeled for {PRESETS[trace.preset].label}: {formatMs(timeline.totalMs)}. Ticks
        on the Python lane mark where the one process starts work on a GPU; outlined bars are copies leaving a
        GPU.
      </p>
      <div ref={box} className="chart-box">
        <TimelineChart timeline={timeline} phase={phase} width={width} mode="DataParallel" playing={trace} />
      </div>
      <Legend timeline={timeline} />
      {bottleneck ? <p className="panel-caption">{bottleneck} (modeled)</p> : null}
      <PhaseTable timeline={timeline} measured={trace.measuredMs ?? {}} phase={phase} engine={engine} />
    </>
  );
}

function DdpTimeline({
  trace,
  dp,
  engine,
  box,
  width,
}: Sized & { trace: DdpTrace; dp: StepTrace | undefined }) {
  const timeline = useMemo(() => ddpTimelineOf(trace), [trace]);
  const contrast = againstDataParallel(trace, dp);
  return (
    <>
      <p className="panel-caption">
        One DistributedDataParallel step, modeled for {PRESETS[trace.preset].label}:{' '}
        {formatMs(timeline.totalMs)}. Every rank is its own process, so no single Python lane launches the
        others' work; no scatter, replicate or gather. Outlined bars are ring segments leaving a GPU.
      </p>
      <div ref={box} className="chart-box">
        <TimelineChart timeline={timeline} phase={undefined} width={width} mode="DistributedDataParallel" />
      </div>
      <Legend timeline={timeline} />
      <p className="panel-caption">{ringAgainstBackward(trace)} (modeled)</p>
      {contrast ? <p className="panel-caption">{contrast}</p> : null}
      <PhaseTable timeline={timeline} measured={trace.measuredMs ?? {}} phase={undefined} engine={engine} />
    </>
  );
}

/** The shown step on the timing model's clock: DataParallel's lanes, or DDP's when the step ran as DDP. */
export function TimelinePanel() {
  const trace = useStore(selectTrace);
  const ddpTrace = useShownDdpTrace();
  const engine = useStore(selectEngineLabel);
  const [box, width] = useChartWidth<HTMLDivElement>(340);

  return (
    <section className="panel timeline" aria-label="Timeline" data-tour="timeline">
      <h2>Timeline</h2>
      {trace ? (
        <>
          {ddpTrace ? (
            <DdpTimeline trace={ddpTrace} dp={trace} engine={engine} box={box} width={width} />
          ) : (
            <DpTimeline trace={trace} engine={engine} box={box} width={width} />
          )}
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
