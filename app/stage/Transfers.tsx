import type { Phase } from '../../src/dp/phase';
import type { StepTrace } from '../../src/dp/trace';
import type { StepDetail } from '../../src/train/engine';
import { formatValue } from './format';
import { cardAnchor, type Rect } from './layout';
import { gpuColour, textOnGpuColour } from './palette';

type Props = { trace: StepTrace; phase: Phase; cards: readonly Rect[]; detail: StepDetail | undefined };

/** The label a moving token carries: what really travels in this phase. */
function tokenLabel(
  phase: Phase,
  tensor: string | undefined,
  sender: number,
  detail: StepDetail | undefined,
): string {
  if (phase === 'replicate') return 'weights';
  if (phase === 'reduce-add') {
    const value = detail?.replicaGrads[sender];
    return value === undefined ? 'grads' : `g=${formatValue(value)}`;
  }
  if (phase === 'backward') return 'grad slice';
  if (phase === 'gather') return tensor?.replace('output', 'out') ?? 'outputs';
  return tensor ?? '';
}

/** Tokens travelling between GPUs for the transfer events of the current phase (not the scatter). */
export function Transfers({ trace, phase, cards, detail }: Props) {
  const transfers = trace.events.filter(
    (event) =>
      event.phase === phase && event.kind === 'transfer' && event.peer !== undefined && phase !== 'scatter',
  );
  return (
    <g className="transfers" aria-hidden="true">
      {transfers.map((event) => {
        const from = cards[event.peer ?? 0];
        const to = cards[event.device];
        if (!from || !to) return null;
        const start = cardAnchor(from);
        const end = cardAnchor(to);
        const lift = 34 + 8 * Math.abs((event.peer ?? 0) - event.device);
        const label = tokenLabel(phase, event.tensors[0], event.peer ?? 0, detail);
        const width = Math.max(46, label.length * 7 + 12);
        // A token wears the colour of the GPU whose data it carries.
        const owner = phase === 'reduce-add' || phase === 'gather' ? (event.peer ?? 0) : event.device;
        return (
          <g key={event.id}>
            <path
              d={`M${start.x},${start.y} C${start.x},${start.y - lift} ${end.x},${end.y - lift} ${end.x},${end.y}`}
              className="transfer-path"
              style={{ stroke: gpuColour(event.peer === 0 ? event.device : (event.peer ?? 0)) }}
            />
            <g
              transform={`translate(${start.x} ${start.y - lift / 2})`}
              data-start={event.start}
              data-duration={event.duration}
              data-from={`${start.x},${start.y - lift / 2}`}
              data-to={`${end.x},${end.y - 14}`}
              data-vanish=""
            >
              <rect x={-width / 2} y={-11} width={width} height={20} rx={10} fill={gpuColour(owner)} />
              <text
                className="token-label"
                textAnchor="middle"
                y={4}
                style={{ fill: textOnGpuColour(owner) }}
              >
                {label}
              </text>
            </g>
          </g>
        );
      })}
    </g>
  );
}
