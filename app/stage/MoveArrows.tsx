import type { PhaseView, StageMove, StageObject } from '../../src/dp/phaseView';
import { type BandLayout, bottomCentre } from './bandLayout';
import { formatValue } from './format';
import { gpuColour, textOnGpuColour } from './palette';
import type { Rect } from './stageGeometry';

type Props = { view: PhaseView; layout: BandLayout; cards: readonly Rect[]; laneY: number };

type Point = { x: number; y: number };

/** Marker id of the arrowhead in `device`'s colour (defined once per stage, see ArrowHeads). */
export function arrowId(device: number): string {
  return `stage-arrow-gpu${device}`;
}

/** One arrowhead per GPU colour. */
export function ArrowHeads({ devices }: { devices: number }) {
  return (
    <defs>
      {Array.from({ length: devices }, (_, device) => (
        <marker
          // biome-ignore lint/suspicious/noArrayIndexKey: one marker per device index
          key={device}
          id={arrowId(device)}
          viewBox="0 0 10 10"
          refX={9}
          refY={5}
          markerWidth={7}
          markerHeight={7}
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" fill={gpuColour(device)} />
        </marker>
      ))}
    </defs>
  );
}

function cardTop(card: Rect): Point {
  return { x: card.x + card.width / 2, y: card.y };
}

/** Where a move starts and ends: on the band (its strip part or value box) or on a card's top edge. */
function ends(move: StageMove, layout: BandLayout, cards: readonly Rect[]): [Point, Point] | undefined {
  const from = cards[move.from];
  const to = cards[move.to];
  if (!from || !to) return undefined;
  const part = layout.strip?.parts.get(move.eventId);
  const bandPoint = part ? bottomCentre(part) : layout.value ? bottomCentre(layout.value.rect) : undefined;
  switch (move.kind) {
    case 'split':
      return bandPoint ? [bandPoint, cardTop(to)] : undefined;
    case 'stack':
    case 'merge':
      return bandPoint ? [cardTop(from), bandPoint] : undefined;
    case 'stay':
      if (!bandPoint) return undefined;
      return move.objectId.startsWith('chunk') || move.objectId.startsWith('grad-slice')
        ? [bandPoint, cardTop(to)]
        : [cardTop(from), bandPoint];
    case 'fan-out':
    case 'ring':
      return [cardTop(from), cardTop(to)];
    case 'compute':
      return undefined;
  }
}

/** The GPU whose data the move carries: the sender of a stack or merge, the receiver of a split or copy. */
function owner(move: StageMove): number {
  return move.kind === 'stack' || move.kind === 'merge' ? move.from : move.to;
}

/** What the travelling token says: a merge carries its replica's gradient value. */
function tokenText(move: StageMove, objects: readonly StageObject[]): string {
  if (move.kind === 'merge') {
    const grad = objects.find((object) => object.id === `grad:gpu${move.from}`)?.value;
    return grad === undefined ? move.label : formatValue(grad);
  }
  if (move.kind === 'fan-out') {
    const weight = objects.find((object) => object.id === move.objectId)?.value;
    return weight === undefined ? 'weights' : `w ${formatValue(weight)}`;
  }
  return move.label;
}

/** Every copy of the phase as an arrow with a head, and a token carrying what moves along it. */
export function MoveArrows({ view, layout, cards, laneY }: Props) {
  return (
    <g className="moves" aria-hidden="true">
      {view.moves.map((move) => {
        const points = ends(move, layout, cards);
        if (!points) return null;
        const [start, end] = points;
        const colour = gpuColour(owner(move));
        const path = `M${start.x},${start.y} C${start.x},${laneY} ${end.x},${laneY} ${end.x},${end.y}`;
        if (move.kind === 'stay') {
          return (
            <g key={move.eventId} className="move-stay">
              <path d={path} className="move-path in-place" style={{ stroke: colour }} />
              <text x={(start.x + end.x) / 2 + 6} y={laneY + 4} className="move-note">
                no copy
              </text>
            </g>
          );
        }
        const label = tokenText(move, view.objects);
        const width = Math.max(40, label.length * 7.4 + 14);
        const travelFrom = move.kind === 'fan-out' || move.kind === 'ring' ? { x: start.x, y: laneY } : start;
        const travelTo = move.kind === 'fan-out' || move.kind === 'ring' ? { x: end.x, y: laneY } : end;
        return (
          <g key={move.eventId} className={`move-${move.kind}`}>
            <path
              d={path}
              className="move-path"
              style={{ stroke: colour }}
              markerEnd={`url(#${arrowId(owner(move))})`}
            />
            <g
              className="token"
              transform={`translate(${travelFrom.x} ${travelFrom.y})`}
              data-event={move.eventId}
              data-motion="travel"
              data-from={`${travelFrom.x},${travelFrom.y}`}
              data-to={`${travelTo.x},${travelTo.y}`}
            >
              <rect x={-width / 2} y={-11} width={width} height={22} rx={11} fill={colour} />
              <text
                textAnchor="middle"
                y={4}
                className="token-label"
                style={{ fill: textOnGpuColour(owner(move)) }}
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
