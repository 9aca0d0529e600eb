import type { StageObject } from '../../src/dp/phaseView';
import { formatValue } from './format';
import type { Rect } from './stageGeometry';

/** The data attributes that tie a mark to a trace event (see usePhasePaint). */
export type MarkAttributes = {
  'data-event'?: string;
  'data-motion'?: string;
  'data-from'?: string;
  'data-to'?: string;
  'data-width'?: number;
};

type Props = {
  object: StageObject;
  rect: Rect;
  colour: string;
  /** Overrides the second line (e.g. "= replica 0" on GPU 0's originals). */
  subtitle?: string;
  mark?: MarkAttributes | undefined;
};

const ICON = 14;
/** Characters a 12 px label fits in per pixel, roughly (tabular digits, system fonts). */
const PX_PER_CHAR = 7;

/** "4 × 2", or for a flat parameter tensor "1,234 params"; a scalar has no shape line. */
function shapeText(object: StageObject): string {
  if (object.shape.length === 0) return '';
  if (object.kind === 'weights' || object.kind === 'gradients' || object.kind === 'sum') {
    return `${object.shape[0]} params`;
  }
  return object.shape.join(' × ');
}

/** The second line: the followed value when there is one, else the shape. */
function detailText(object: StageObject): string {
  if (object.value === undefined) return shapeText(object);
  const symbol = object.kind === 'weights' ? 'w' : object.kind === 'loss' ? 'loss' : 'g';
  return `${symbol} ${formatValue(object.before ?? object.value)}`;
}

/** A name too long for the block keeps its base and moves the slice to the second line. */
function lines(object: StageObject, width: number, subtitle: string | undefined): [string, string] {
  const second = subtitle ?? detailText(object);
  const fits = Math.floor((width - ICON - 14) / PX_PER_CHAR);
  if (object.name.length <= fits) return [object.name, second];
  const cut = object.name.indexOf('[');
  if (cut < 0) return [object.name, second];
  return [object.name.slice(0, cut), `${object.name.slice(cut)} ${second}`];
}

/** A small picture of the tensor's kind: a stack of rows, a grid of weights, or Σ. */
function Icon({ object, x, y, colour }: { object: StageObject; x: number; y: number; colour: string }) {
  if (object.kind === 'weights' || object.kind === 'gradients') {
    const cell = ICON / 3;
    return (
      <g aria-hidden="true">
        {[0, 1, 2].flatMap((row) =>
          [0, 1, 2].map((column) => (
            <rect
              key={`${row}-${column}`}
              x={x + column * cell + 0.5}
              y={y + row * cell + 0.5}
              width={cell - 1}
              height={cell - 1}
              fill={colour}
              opacity={object.kind === 'gradients' ? 0.55 : 0.9}
            />
          )),
        )}
      </g>
    );
  }
  const rows = Math.max(1, Math.min(6, object.shape[0] ?? 1));
  const height = ICON / rows;
  return (
    <g aria-hidden="true">
      {Array.from({ length: rows }, (_, row) => (
        <rect
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
          key={row}
          x={x}
          y={y + row * height + 0.5}
          width={ICON}
          height={Math.max(1, height - 1)}
          fill={colour}
          opacity={0.9}
        />
      ))}
    </g>
  );
}

/** One tensor on a card: an outlined block in its GPU's colour, an icon, its name and shape or value. */
export function TensorBlock({ object, rect, colour, subtitle, mark }: Props) {
  const [title, second] = lines(object, rect.width, subtitle);
  return (
    <g className={`tensor tensor-${object.kind}`} data-object={object.id} {...mark}>
      <rect
        x={rect.x}
        y={rect.y}
        width={rect.width}
        height={rect.height}
        rx={6}
        className="tensor-frame"
        style={{ stroke: colour }}
      />
      <Icon object={object} x={rect.x + 6} y={rect.y + (rect.height - ICON) / 2} colour={colour} />
      <text x={rect.x + ICON + 10} y={rect.y + 17} className="tensor-name">
        {title}
      </text>
      <text x={rect.x + ICON + 10} y={rect.y + 33} className="tensor-detail">
        {second}
      </text>
    </g>
  );
}
