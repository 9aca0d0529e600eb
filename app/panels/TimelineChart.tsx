import { scaleLinear } from 'd3-scale';
import { useEffect, useId, useMemo, useRef } from 'react';
import { formatMs } from '../../src/dp/format';
import { PHASE_TITLES, type Phase } from '../../src/dp/phase';
import { frameAt } from '../../src/dp/playback';
import type { StepTrace } from '../../src/dp/trace';
import { gpuColour } from '../stage/palette';
import { useStoreApi } from '../store/store';
import { modeledTimeAt, type Timeline } from './TimelineLanes';
import { PHASE_COLOURS } from './TimelinePalette';

const LABEL_WIDTH = 84;
const AXIS_HEIGHT = 22;
const LANE_HEIGHT = 20;
const BAR_HEIGHT = 12;
const RIGHT_PAD = 10;
/** Bars shorter than this still show: a 4 µs kernel is real work. */
const MIN_BAR_PX = 1.5;

type Props = { trace: StepTrace; timeline: Timeline; phase: Phase; width: number };

/**
 * The lanes as SVG. The playhead follows the playback cursor through `store.subscribe` into a ref, so
 * playing at 60 fps moves one line instead of re-rendering the chart.
 */
export function TimelineChart({ trace, timeline, phase, width }: Props) {
  const titleId = useId();
  const descId = useId();
  const lanes = 1 + timeline.gpus.length;
  const height = AXIS_HEIGHT + lanes * LANE_HEIGHT + 4;
  const x = useMemo(
    () =>
      scaleLinear()
        .domain([0, timeline.totalMs || 1])
        .range([LABEL_WIDTH, Math.max(LABEL_WIDTH + 40, width - RIGHT_PAD)]),
    [timeline.totalMs, width],
  );
  const ticks = x.ticks(Math.max(2, Math.floor((width - LABEL_WIDTH) / 80)));
  const laneY = (lane: number) => AXIS_HEIGHT + lane * LANE_HEIGHT;
  const barWidth = (ms: number) => Math.max(MIN_BAR_PX, x(ms) - x(0));
  const current = timeline.spans.find((span) => span.phase === phase);

  const playhead = useRef<SVGLineElement>(null);
  const store = useStoreApi();
  useEffect(() => {
    const place = (cursor: number) => {
      const frame = frameAt(trace, cursor);
      const at = x(modeledTimeAt(timeline.spans, frame.phaseIndex, frame.phaseProgress));
      playhead.current?.setAttribute('x1', String(at));
      playhead.current?.setAttribute('x2', String(at));
    };
    place(store.getState().cursor);
    return store.subscribe((state, previous) => {
      if (state.cursor !== previous.cursor) place(state.cursor);
    });
  }, [store, trace, timeline, x]);

  return (
    <svg
      className="timeline-svg"
      width={width}
      height={height}
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
    >
      <title id={titleId}>Modeled timeline of one DataParallel step</title>
      <desc id={descId}>
        One lane for the Python process and one per GPU; bars are events on the timing model's clock, coloured
        by phase. The phase table below gives the same times in words.
      </desc>
      {ticks.map((tick) => (
        <g key={tick} className="chart-tick">
          <line x1={x(tick)} x2={x(tick)} y1={AXIS_HEIGHT - 4} y2={height} />
          <text x={x(tick)} y={AXIS_HEIGHT - 8} textAnchor="middle">
            {formatMs(tick)}
          </text>
        </g>
      ))}
      {current ? (
        <rect
          className="timeline-current"
          x={x(current.startMs)}
          y={AXIS_HEIGHT - 2}
          width={barWidth(current.endMs - current.startMs)}
          height={lanes * LANE_HEIGHT + 2}
        />
      ) : null}
      <text className="timeline-lane-label" x={4} y={laneY(0) + LANE_HEIGHT / 2 + 4}>
        Python
      </text>
      {timeline.spans.map((span) => (
        <rect
          key={span.phase}
          x={x(span.startMs)}
          y={laneY(0) + (LANE_HEIGHT - BAR_HEIGHT) / 2}
          width={barWidth(span.endMs - span.startMs)}
          height={BAR_HEIGHT}
          fill={PHASE_COLOURS[span.phase]}
          opacity={span.phase === phase ? 0.55 : 0.18}
        >
          <title>{`Python process drives ${PHASE_TITLES[span.phase].toLowerCase()}: ${formatMs(span.endMs - span.startMs)} modeled`}</title>
        </rect>
      ))}
      {timeline.launches.map((launch, i) => (
        <line
          // biome-ignore lint/suspicious/noArrayIndexKey: launches can share a time; their order is their identity
          key={i}
          className="timeline-launch"
          x1={x(launch.ms)}
          x2={x(launch.ms)}
          y1={laneY(0) + 2}
          y2={laneY(1) - 2}
        />
      ))}
      {timeline.gpus.map((lane) => {
        const y = laneY(lane.device + 1);
        return (
          <g key={lane.device}>
            <rect x={4} y={y + 5} width={10} height={10} rx={2} fill={gpuColour(lane.device)} />
            <text className="timeline-lane-label" x={18} y={y + LANE_HEIGHT / 2 + 4}>
              GPU {lane.device}
              {lane.idle ? ' · idle' : ''}
            </text>
            {lane.bars.map((bar) => (
              <rect
                key={bar.id}
                strokeWidth={bar.role === 'sends' ? 1.5 : undefined}
                x={x(bar.startMs)}
                y={y + (LANE_HEIGHT - BAR_HEIGHT) / 2}
                width={barWidth(bar.ms)}
                height={BAR_HEIGHT}
                fill={bar.role === 'sends' ? 'none' : PHASE_COLOURS[bar.phase]}
                stroke={PHASE_COLOURS[bar.phase]}
                opacity={bar.phase === phase ? 1 : 0.35}
              >
                <title>{`GPU ${lane.device} ${bar.label} (${PHASE_TITLES[bar.phase]}): ${formatMs(bar.ms)} from ${formatMs(bar.startMs)}, modeled`}</title>
              </rect>
            ))}
          </g>
        );
      })}
      <line
        ref={playhead}
        className="timeline-playhead"
        x1={LABEL_WIDTH}
        x2={LABEL_WIDTH}
        y1={AXIS_HEIGHT - 4}
        y2={height}
      />
    </svg>
  );
}
