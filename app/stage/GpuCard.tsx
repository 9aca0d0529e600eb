import { formatRows } from '../../src/dp/format';
import type { PhaseView, StageMove, StageObject } from '../../src/dp/phaseView';
import { formatValue } from './format';
import { gpuColour } from './palette';
import { type Rect, type SLOTS, slotRect } from './stageGeometry';
import { type MarkAttributes, TensorBlock } from './TensorBlock';

type Props = {
  device: number;
  card: Rect;
  view: PhaseView;
  /** Objects drawn in the top band instead of on a card. */
  inBand: ReadonlySet<string>;
  /** The GPU's rows this step, `undefined` when it is idle. */
  rows: [number, number] | undefined;
  /** What this GPU does in the phase, in a few words. */
  activity: string;
  children?: React.ReactNode;
};

/** Cards at least this wide have room for one-line labels and the activity line. */
const WIDE_CARD = 170;

type Slot = Exclude<keyof typeof SLOTS, 'header'>;

/** Which slot of a card a kind of tensor sits in (whole-batch tensors live in GPU 0's band instead). */
function slotOf(object: StageObject): Slot | undefined {
  switch (object.kind) {
    case 'chunk':
      return 'chunk';
    case 'weights':
      return 'weights';
    case 'outputs':
    case 'grad-slice':
    // A DDP rank's own loss, and its bucket or averaged gradients (DataParallel's are in the band).
    case 'loss':
    case 'sum':
      return 'outputs';
    case 'gradients':
      return 'gradients';
    default:
      return undefined;
  }
}

/** How an object appears: arriving objects wait for their event, fading ones dim when it is done. */
function markOf(object: StageObject): MarkAttributes | undefined {
  if (!object.eventId) return undefined;
  if (object.life === 'arrives') return { 'data-event': object.eventId, 'data-motion': 'arrive' };
  if (object.life === 'fades') return { 'data-event': object.eventId, 'data-motion': 'fade' };
  return undefined;
}

/** A progress bar under a block a kernel is producing (forward, backward, the optimizer step). */
function ComputeBar({ move, rect, colour }: { move: StageMove; rect: Rect; colour: string }) {
  const width = rect.width - 12;
  return (
    <g aria-hidden="true">
      <rect
        x={rect.x + 6}
        y={rect.y + rect.height - 5}
        width={width}
        height={4}
        rx={2}
        className="compute-track"
      />
      <rect
        x={rect.x + 6}
        y={rect.y + rect.height - 5}
        width={0}
        height={4}
        rx={2}
        fill={colour}
        data-event={move.eventId}
        data-motion="grow"
        data-width={width}
      />
    </g>
  );
}

/**
 * "rows 0–3 · 4 samples" as one phrase for screen readers and tests.
 */
function RowsLabel({ card, rows }: { card: Rect; rows: [number, number] | undefined }) {
  if (!rows) {
    return (
      <text x={card.x + 10} y={card.y + 38} className="gpu-rows">
        idle
      </text>
    );
  }
  const count = rows[1] - rows[0];
  const samples = `${count} ${count === 1 ? 'sample' : 'samples'}`;
  if (card.width >= WIDE_CARD) {
    return (
      <text x={card.x + 10} y={card.y + 38} className="gpu-rows">
        {formatRows(rows)} · {samples}
      </text>
    );
  }
  // Too narrow for both: the count is read out (and the chunk block shows its rows × features).
  return (
    <text x={card.x + 10} y={card.y + 38} className="gpu-rows">
      {formatRows(rows)}
      <tspan x={card.x + 10} className="hidden-glue">
        {' '}
        · {samples}
      </tspan>
    </text>
  );
}

/** One logical GPU: its rows, then the tensors it holds in this phase, each in its slot. */
export function GpuCard({ device, card, view, inBand, rows, activity, children }: Props) {
  const idle = rows === undefined;
  const colour = gpuColour(device);
  const objects = view.objects.filter(
    (object) => object.device === device && !inBand.has(object.id) && slotOf(object) !== undefined,
  );
  const shared = view.objects.find((object) => object.device === device && object.life === 'shared');
  const computing = new Map(
    view.moves
      .filter((move) => move.kind === 'compute' && move.to === device)
      .map((move) => [move.objectId, move]),
  );
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group; the page's contract names each GPU as role="group"
    <g role="group" aria-label={`GPU ${device}`} className={idle ? 'gpu idle' : 'gpu'}>
      <rect
        x={card.x}
        y={card.y}
        width={card.width}
        height={card.height}
        rx={10}
        className="gpu-frame"
        style={{ stroke: colour }}
        strokeDasharray={idle ? '6 5' : undefined}
      />
      <rect x={card.x + 10} y={card.y + 8} width={12} height={12} rx={3} fill={colour} aria-hidden="true" />
      <text x={card.x + 28} y={card.y + 19} className="gpu-name">
        GPU {device}
      </text>
      <RowsLabel card={card} rows={rows} />
      {idle ? (
        <text x={card.x + card.width / 2} y={card.y + 130} textAnchor="middle" className="gpu-activity">
          <tspan>no chunk</tspan>
          <tspan x={card.x + card.width / 2} dy={16}>
            {' '}
            this step
          </tspan>
        </text>
      ) : null}
      {objects.map((object) => {
        const slot = slotOf(object) as Slot;
        const rect = slotRect(card, slot);
        if (object.life === 'shared') return null;
        // Replica 0 is GPU 0's originals: one block, named both ways.
        const subtitle = shared?.sharesWith === object.id ? `= replica ${device}` : undefined;
        const move = computing.get(object.id);
        return (
          <g key={object.id}>
            <TensorBlock
              object={object}
              rect={rect}
              colour={colour}
              {...(subtitle ? { subtitle } : {})}
              mark={markOf(object)}
            />
            {object.before !== undefined && object.value !== undefined && object.eventId ? (
              <g data-event={object.eventId} data-motion="arrive" style={{ opacity: 0 }}>
                <rect
                  x={rect.x + 22}
                  y={rect.y + 21}
                  width={rect.width - 28}
                  height={16}
                  className="value-cover"
                />
                <text x={rect.x + 24} y={rect.y + 33} className="tensor-detail tensor-new">
                  w {formatValue(object.value)}
                </text>
              </g>
            ) : null}
            {object.life === 'fades' && object.eventId ? (
              <g data-event={object.eventId} data-motion="arrive" style={{ opacity: 0 }}>
                <rect
                  x={rect.x + 22}
                  y={rect.y + 21}
                  width={rect.width - 28}
                  height={16}
                  className="value-cover"
                />
                <text x={rect.x + 24} y={rect.y + 33} className="tensor-detail tensor-freed">
                  freed
                </text>
              </g>
            ) : null}
            {move ? <ComputeBar move={move} rect={rect} colour={colour} /> : null}
          </g>
        );
      })}
      {idle || card.width < WIDE_CARD ? null : (
        <text x={card.x + 10} y={card.y + card.height - 8} className="gpu-activity">
          {activity}
        </text>
      )}
      {children}
    </g>
  );
}
