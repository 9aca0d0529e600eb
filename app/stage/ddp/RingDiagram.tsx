import { ringSchedule } from '../../../src/dp/ring';

type Props = { ranks: number; round: number; followedSegment: number };

const SIZE = 180;
const RADIUS = 62;

function position(rank: number, ranks: number): [number, number] {
  const angle = (2 * Math.PI * rank) / ranks - Math.PI / 2;
  return [SIZE / 2 + RADIUS * Math.cos(angle), SIZE / 2 + RADIUS * Math.sin(angle)];
}

/**
 * The ring of ranks with this round's transfers: every rank sends one segment to the next. The arrow
 * that carries the followed weight's segment is drawn bold.
 */
export function RingDiagram({ ranks, round, followedSegment }: Props) {
  const transfers = ringSchedule(ranks)[round]?.transfers ?? [];
  return (
    <svg
      className="ring-diagram"
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      role="img"
      aria-label={`Ring of ${ranks} ranks`}
    >
      <defs>
        <marker
          id="ring-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="6"
          markerHeight="6"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" fill="currentColor" />
        </marker>
      </defs>
      {transfers.map((t) => {
        const [x1, y1] = position(t.from, ranks);
        const [x2, y2] = position(t.to, ranks);
        const followed = t.segment === followedSegment;
        return (
          <g key={`${t.from}-${t.to}`} className={followed ? 'ring-link followed' : 'ring-link'}>
            <line
              x1={x1 + (x2 - x1) * 0.2}
              y1={y1 + (y2 - y1) * 0.2}
              x2={x1 + (x2 - x1) * 0.8}
              y2={y1 + (y2 - y1) * 0.8}
              markerEnd="url(#ring-arrow)"
            />
            <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 4} textAnchor="middle">
              {`s${t.segment} ${t.op === 'add' ? '+' : '='}`}
            </text>
          </g>
        );
      })}
      {Array.from({ length: ranks }, (_, rank) => {
        const [x, y] = position(rank, ranks);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: ranks are their index
          <g key={rank} className={`ring-node gpu-${rank}`}>
            <circle cx={x} cy={y} r={14} />
            <text x={x} y={y + 4} textAnchor="middle">
              {rank}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
