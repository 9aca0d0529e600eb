import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { useId } from 'react';
import type { SpeedupPoint } from '../../src/cost/speedup';
import { formatSpeedup, type ScalingCurves } from './ScalingCurves';

const MARGIN = { top: 14, right: 12, bottom: 34, left: 40 };
const HEIGHT = 240;
const MAX_GPUS_SHOWN = 16;
const X_TICKS = [1, 2, 3, 4, 5, 6, 7, 8, 12, 16];
/** Short lines: the second machine's band is narrow on a phone. */
const NODE_LABEL = ['Second machine:', 'DataParallel', 'cannot span', 'nodes'];
export const DP_COLOUR = '#cc6677';
export const DDP_COLOUR = '#117733';

type Props = { curves: ScalingCurves; gpus: number; width: number; presetName: string };

/** The modeled speed-up curves as SVG: d3 computes the scales and paths, React draws them. */
export function ScalingChart({ curves, gpus, width, presetName }: Props) {
  const titleId = useId();
  const descId = useId();
  const { dp, ddp, dpStop, gpusPerNode } = curves;
  const top = Math.max(1, ...dp.map((p) => p.speedup), ...ddp.map((p) => p.speedup)) * 1.1;
  const x = scaleLinear()
    .domain([0.5, MAX_GPUS_SHOWN + 0.5])
    .range([MARGIN.left, width - MARGIN.right]);
  const y = scaleLinear()
    .domain([0, top])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const [, yTop] = y.domain() as [number, number];
  const path = line<SpeedupPoint>()
    .x((p) => x(p.gpus))
    .y((p) => y(p.speedup));
  const ddpOneNode = ddp.filter((p) => p.nodes === 1);
  const lastOneNode = ddpOneNode[ddpOneNode.length - 1];
  const ddpSecondNode = lastOneNode ? [lastOneNode, ...ddp.filter((p) => p.nodes > 1)] : [];
  const idealEnd = Math.min(MAX_GPUS_SHOWN, yTop);
  // Inside the first machine, clear of the second machine's label.
  const idealLabelAt = Math.min(gpusPerNode - 1, idealEnd);
  // Only a real stop gets the callout: a curve that keeps paying off to its end has none.
  const stopPoint = curves.dpStopGain === null ? undefined : dp.find((p) => p.gpus === dpStop);
  const yours = dp.find((p) => p.gpus === gpus);
  const nodeEdge = x(gpusPerNode + 0.5);
  const nodeMiddle = (nodeEdge + x(MAX_GPUS_SHOWN + 0.5)) / 2;

  return (
    <svg
      className="scaling-svg"
      width={width}
      height={HEIGHT}
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
    >
      <title id={titleId}>Modeled speed-up against the number of GPUs</title>
      <desc id={descId}>
        {`Modeled for ${presetName}. DataParallel: ${dp.map((p) => `${p.gpus} GPUs ${formatSpeedup(p.speedup)}`).join(', ')}. DistributedDataParallel: ${ddp.map((p) => `${p.gpus} GPUs ${formatSpeedup(p.speedup)}`).join(', ')}.`}
      </desc>
      <rect
        className="scaling-other-node"
        x={nodeEdge}
        y={MARGIN.top}
        width={x(MAX_GPUS_SHOWN + 0.5) - nodeEdge}
        height={HEIGHT - MARGIN.top - MARGIN.bottom}
      />
      <text className="scaling-node-label chart-halo" x={nodeMiddle} y={MARGIN.top + 14} textAnchor="middle">
        {NODE_LABEL.map((words, i) => (
          <tspan key={words} x={nodeMiddle} dy={i === 0 ? 0 : '1.2em'}>
            {words}
          </tspan>
        ))}
      </text>
      {y.ticks(5).map((tick) => (
        <g key={`y${tick}`} className="chart-tick">
          <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(tick)} y2={y(tick)} />
          <text x={MARGIN.left - 4} y={y(tick) + 4} textAnchor="end">
            ×{tick}
          </text>
        </g>
      ))}
      {X_TICKS.map((tick) => (
        <text
          key={`x${tick}`}
          className="chart-tick-label"
          x={x(tick)}
          y={HEIGHT - MARGIN.bottom + 14}
          textAnchor="middle"
        >
          {tick}
        </text>
      ))}
      <text
        className="chart-axis-label"
        x={(MARGIN.left + width - MARGIN.right) / 2}
        y={HEIGHT - 4}
        textAnchor="middle"
      >
        GPUs
      </text>
      <line className="scaling-ideal" x1={x(1)} y1={y(1)} x2={x(idealEnd)} y2={y(idealEnd)} />
      <text
        className="scaling-ideal-label chart-halo"
        x={x(idealLabelAt) - 6}
        y={y(idealLabelAt) - 6}
        textAnchor="end"
      >
        ideal
      </text>
      {yours ? (
        <g className="scaling-yours">
          <line x1={x(gpus)} x2={x(gpus)} y1={MARGIN.top} y2={HEIGHT - MARGIN.bottom} />
          <text className="chart-halo" x={x(gpus) + 4} y={MARGIN.top + 10}>
            your {gpus} GPU{gpus === 1 ? '' : 's'}
          </text>
        </g>
      ) : null}
      <path d={path(ddpOneNode) ?? ''} fill="none" stroke={DDP_COLOUR} strokeWidth={2} />
      <path
        d={path(ddpSecondNode) ?? ''}
        fill="none"
        stroke={DDP_COLOUR}
        strokeWidth={2}
        strokeDasharray="5 4"
      />
      {ddp.map((p) => (
        <rect
          key={`ddp${p.gpus}`}
          x={x(p.gpus) - 3.5}
          y={y(p.speedup) - 3.5}
          width={7}
          height={7}
          fill={DDP_COLOUR}
        />
      ))}
      <path d={path(dp) ?? ''} fill="none" stroke={DP_COLOUR} strokeWidth={2.5} />
      {dp.map((p) => (
        <circle
          key={`dp${p.gpus}`}
          cx={x(p.gpus)}
          cy={y(p.speedup)}
          r={p.gpus === gpus ? 6 : 4}
          fill={DP_COLOUR}
        />
      ))}
      {stopPoint ? (
        <g className="scaling-stop">
          <circle cx={x(stopPoint.gpus)} cy={y(stopPoint.speedup)} r={10} fill="none" />
          <text className="chart-halo" x={x(stopPoint.gpus) + 10} y={y(stopPoint.speedup) - 12}>
            stops paying off
          </text>
        </g>
      ) : null}
    </svg>
  );
}
