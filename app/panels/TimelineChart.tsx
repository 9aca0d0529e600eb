import { scaleLinear } from 'd3-scale';
import { useEffect, useId, useMemo, useRef } from 'react';
import { formatMs } from '../../src/dp/format';
import { frameAt } from '../../src/dp/playback';
import type { StepTrace } from '../../src/dp/trace';
import { gpuColour } from '../stage/palette';
import { useStoreApi } from '../store/store';
import { modeledTimeAt, type Timeline } from './TimelineLanes';

const LABEL_WIDTH = 84;
const AXIS_HEIGHT = 22;
const LANE_HEIGHT = 20;
const BAR_HEIGHT = 12;
const RIGHT_PAD = 10;
/** Bars shorter than this still show: a 4 µs kernel is real work. */
const MIN_BAR_PX = 1.5;

type Props = {
  timeline: Timeline;
  /** The stage's phase, highlighted; none when the stage's phase is not on this timeline. */
  phase: string | undefined;
  width: number;
  /** "DataParallel" or "DistributedDataParallel", for the text alternative. */
  mode: string;
  /** The trace the stage plays: its cursor moves a playhead. Absent: no playhead. */
  playing?: StepTrace | undefined;
};

/** The playhead: follows the playback cursor through `store.subscribe` into a ref. */
function usePlayhead(
  playing: StepTrace | undefined,
  timeline: Timeline,
  x: (ms: number) => number,
): React.RefObject<SVGLineElement | null> {
  const playhead = useRef<SVGLineElement>(null);
  const store = useStoreApi();
  useEffect(() => {
    if (!playing) return;
    const place = (cursor: number) => {
      const frame = frameAt(playing, cursor);
      const at = x(modeledTimeAt(timeline.spans, frame.phaseIndex, frame.phaseProgress));
      playhead.current?.setAttribute('x1', String(at));
      playhead.current?.setAttribute('x2', String(at));
    };
    place(store.getState().cursor);
    return store.subscribe((state, previous) => {
      if (state.cursor !== previous.cursor) place(state.cursor);
    });
  }, [store, playing, timeline, x]);
  return playhead;
}

/**
 * The lanes as SVG: a lane for the one Python process (DataParallel only — DDP's ranks are processes of
 * their own) and one per GPU. The playhead moves one line at 60 fps instead of re-rendering the chart.
 */
export function TimelineChart({ timeline, phase, width, mode, playing }: Props) {
  const titleId = useId();
  const descId = useId();
  const launches = timeline.launches;
  const processLanes = launches ? 1 : 0;
  const lanes = processLanes + timeline.gpus.length;
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

  const playhead = usePlayhead(playing, timeline, x);

  return (
    <svg
      className="timeline-svg"
      width={width}
      height={height}
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
    >
      <title id={titleId}>{`Modeled timeline of one ${mode} step`}</title>
      <desc id={descId}>
        {launches
          ? 'One lane for the Python process and one per GPU'
          : 'One lane per GPU, each its own process'}
        ; bars are events on the timing model's clock, coloured by phase. The phase table below gives the same
        times in words.
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
      {launches ? (
        <g>
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
              fill={span.colour}
              opacity={span.phase === phase ? 0.55 : 0.18}
            >
              <title>{`Python process drives ${span.title.toLowerCase()}: ${formatMs(span.endMs - span.startMs)} modeled`}</title>
            </rect>
          ))}
          {launches.map((launch, i) => (
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
        </g>
      ) : null}
      {timeline.gpus.map((lane) => {
        const y = laneY(lane.device + processLanes);
        return (
          <g key={lane.device}>
            <rect x={4} y={y + 5} width={10} height={10} rx={2} fill={gpuColour(lane.device)} />
            <text className="timeline-lane-label" x={18} y={y + LANE_HEIGHT / 2 + 4}>
              GPU {lane.device}
              {lane.note ? ` · ${lane.note}` : ''}
            </text>
            {lane.bars.map((bar) => (
              <rect
                key={bar.id}
                strokeWidth={bar.role === 'sends' ? 1.5 : undefined}
                x={x(bar.startMs)}
                y={y + (LANE_HEIGHT - BAR_HEIGHT) / 2}
                width={barWidth(bar.ms)}
                height={BAR_HEIGHT}
                fill={bar.role === 'sends' ? 'none' : bar.colour}
                stroke={bar.colour}
                opacity={phase === undefined || bar.phase === phase ? 1 : 0.35}
              >
                <title>{`GPU ${lane.device} ${bar.label} (${bar.title}): ${formatMs(bar.ms)} from ${formatMs(bar.startMs)}, modeled`}</title>
              </rect>
            ))}
          </g>
        );
      })}
      {playing ? (
        <line
          ref={playhead}
          className="timeline-playhead"
          x1={LABEL_WIDTH}
          x2={LABEL_WIDTH}
          y1={AXIS_HEIGHT - 4}
          y2={height}
        />
      ) : null}
    </svg>
  );
}
