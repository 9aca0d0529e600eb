import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { useId } from 'react';
import type { SeriesPoint } from './ChartSeries';

export type LineSeries = { name: string; points: readonly SeriesPoint[]; className: string };

type Props = {
  title: string;
  /** The chart in words, for screen readers. */
  description: string;
  series: readonly LineSeries[];
  steps: [number, number];
  values: [number, number];
  /** Tick labels; d3's own tick format when absent. */
  formatValue?: (value: number) => string;
  width: number;
  height: number;
};

const MARGIN = { top: 8, right: 12, bottom: 24, left: 44 };

/** A small line chart over training steps; d3 computes the scales and paths, React draws them. */
export function ChartLines({ title, description, series, steps, values, formatValue, width, height }: Props) {
  const titleId = useId();
  const descId = useId();
  const x = scaleLinear()
    .domain(steps[1] > steps[0] ? steps : [steps[0], steps[0] + 1])
    .range([MARGIN.left, Math.max(MARGIN.left + 20, width - MARGIN.right)]);
  const y = scaleLinear()
    .domain(values)
    .nice(4)
    .range([height - MARGIN.bottom, MARGIN.top]);
  const format = formatValue ?? y.tickFormat(4);
  const path = line<SeriesPoint>()
    .x((point) => x(point.step))
    .y((point) => y(point.value));
  return (
    <svg
      className="chart-svg"
      width={width}
      height={height}
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
    >
      <title id={titleId}>{title}</title>
      <desc id={descId}>{description}</desc>
      {y.ticks(4).map((tick) => (
        <g key={tick} className="chart-tick">
          <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(tick)} y2={y(tick)} />
          <text x={MARGIN.left - 4} y={y(tick) + 4} textAnchor="end">
            {format(tick)}
          </text>
        </g>
      ))}
      {x
        .ticks(Math.max(2, Math.floor(width / 90)))
        .filter(Number.isInteger)
        .map((tick) => (
          <text key={tick} className="chart-tick-label" x={x(tick)} y={height - 8} textAnchor="middle">
            {tick}
          </text>
        ))}
      {series.map((entry) =>
        entry.points.length === 1 ? (
          <circle
            key={entry.name}
            className={entry.className}
            cx={x(entry.points[0]?.step ?? 0)}
            cy={y(entry.points[0]?.value ?? 0)}
            r={3}
          />
        ) : (
          <path key={entry.name} className={`chart-line ${entry.className}`} d={path(entry.points) ?? ''} />
        ),
      )}
    </svg>
  );
}
