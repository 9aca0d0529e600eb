import type { PhaseView, StageObject } from '../../src/dp/phaseView';
import { ROUNDING_TOLERANCE } from '../../src/exercises/sameGradient';
import type { BandLayout } from './bandLayout';
import { formatTerm, formatValue } from './format';
import { gpuColour } from './palette';
import type { Rect } from './stageGeometry';

type Props = { view: PhaseView; layout: BandLayout; band: Rect; caption: string };

/** Row numbers are written in the strip's cells when a cell is wide enough for them at 12 px. */
const NUMBERED_CELL = 20;
/** Narrower bands leave the collective's caption to the narration. */
const WIDE_BAND = 640;

/** The batch (or the gathered outputs) as a strip of numbered rows, cut into its chunks. */
function Strip({ strip, arriving }: { strip: NonNullable<BandLayout['strip']>; arriving: boolean }) {
  const { object, rect, parts } = strip;
  const total = object.rows ? object.rows[1] - object.rows[0] : 0;
  const cell = total > 0 ? rect.width / total : rect.width;
  const numbered = cell >= NUMBERED_CELL && total <= 64;
  return (
    <g className="strip">
      <rect {...rect} rx={4} className="strip-frame" />
      {(object.parts ?? []).map((part) => {
        const box = parts.get(part.eventId);
        if (!box) return null;
        const colour = gpuColour(part.device);
        const mark = arriving ? { 'data-event': part.eventId, 'data-motion': 'arrive' } : {};
        return (
          <g key={part.eventId} {...mark}>
            <rect {...box} fill={colour} opacity={0.35} />
            {numbered
              ? Array.from({ length: part.rows[1] - part.rows[0] }, (_, i) => (
                  <text
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells are positions
                    key={i}
                    x={box.x + (i + 0.5) * cell}
                    y={box.y + 19}
                    textAnchor="middle"
                    className="strip-row"
                  >
                    {part.rows[0] + i}
                  </text>
                ))
              : null}
            {box.width >= 44 ? (
              <text
                x={box.x + box.width / 2}
                y={box.y + box.height + 14}
                textAnchor="middle"
                className="strip-part"
              >
                {arriving ? `GPU ${part.device}` : `→ GPU ${part.device}`}
              </text>
            ) : null}
            {/* A cut between chunks: where torch.chunk splits dimension 0. */}
            <line x1={box.x} x2={box.x} y1={box.y - 4} y2={box.y + box.height + 4} className="strip-cut" />
          </g>
        );
      })}
    </g>
  );
}

/** The strip's name and shape for the band's title, e.g. "x · 10 × 2 (rows × features)". */
function stripTitle(object: StageObject, wide: boolean): string {
  const shape = object.shape.join(' × ');
  if (!wide) return `${object.name} · ${shape}`;
  return object.kind === 'batch'
    ? `${object.name} · ${shape} (rows × features)`
    : `${object.name} · ${shape}, in chunk order`;
}

function sumLines(object: StageObject, grads: readonly number[]): string[] {
  const lines = [`Σ g = ${object.value === undefined ? '…' : formatValue(object.value)}`];
  if (grads.length > 1) lines.push(`= ${grads.map((grad, i) => formatTerm(grad, i === 0)).join(' ')}`);
  const reference = object.reference;
  if (reference && object.value !== undefined) {
    const diff = reference.maxAbsDiff;
    const equal = diff !== undefined && diff <= ROUNDING_TOLERANCE;
    lines.push(`${reference.label}: ${formatValue(reference.value)}  ${equal ? 'equal ✓' : 'differs ✗'}`);
    if (diff !== undefined) {
      const count = object.shape[0] ?? 0;
      lines.push(
        `largest difference over all ${count.toLocaleString('en-US')} gradients: ${diff.toExponential(1)}`,
      );
    }
  }
  return lines;
}

/** The value box: the loss, Σ of the replicas' gradients beside the 1-GPU value, or old → new weight. */
function ValueBox({ value, view }: { value: NonNullable<BandLayout['value']>; view: PhaseView }) {
  const { object, rect } = value;
  const mark =
    object.eventId && object.life === 'arrives'
      ? { 'data-event': object.eventId, 'data-motion': 'arrive' }
      : {};
  let lines: string[];
  let update: string | undefined;
  if (object.kind === 'sum') {
    const grads = view.objects.flatMap((other) =>
      other.kind === 'gradients' && other.value !== undefined ? [other.value] : [],
    );
    lines = sumLines(object, view.phase === 'reduce-add' ? grads : []);
  } else if (object.kind === 'loss')
    lines = [
      `loss = ${object.value === undefined ? '…' : formatValue(object.value)}`,
      'one mean over the whole batch',
    ];
  else {
    lines = [`w ${formatValue(object.before ?? 0)}`];
    update = object.value === undefined ? undefined : ` → ${formatValue(object.value)}`;
  }
  return (
    <g className={`value-box value-${object.kind}`} {...mark}>
      <rect {...rect} rx={6} className="value-frame" style={{ stroke: gpuColour(object.device) }} />
      {lines.map((line, i) => (
        <text
          key={line}
          x={rect.x + 10}
          y={rect.y + 18 + i * 16.5}
          className={i === 0 ? 'value-main' : 'value-note'}
        >
          {line}
          {i === 0 && update ? (
            <tspan data-event={object.eventId} data-motion="arrive" style={{ opacity: 0 }}>
              {update}
            </tspan>
          ) : null}
        </text>
      ))}
      {update ? (
        <text x={rect.x + 10} y={rect.y + 34.5} className="value-note">
          the followed weight, updated on GPU {object.device} only
        </text>
      ) : null}
    </g>
  );
}

/** What every rank shares when there is no output device (DDP): the averaged gradients against DP's. */
function sharedLines(view: PhaseView, wide: boolean): string[] {
  const lines = view.result ? [view.result] : [];
  const mean = view.objects.find((object) => object.kind === 'sum' && object.reference !== undefined);
  const reference = mean?.reference;
  if (mean?.value === undefined || !reference) return lines;
  lines.push(`every rank's mean grad: ${formatValue(mean.value)}`);
  const against = `${reference.label}: ${formatValue(reference.value)}`;
  const diff =
    reference.maxAbsDiff === undefined
      ? undefined
      : `largest difference: ${reference.maxAbsDiff.toExponential(1)}`;
  if (diff === undefined) lines.push(against);
  else if (wide) lines.push(`${against} · ${diff}`);
  else lines.push(against, diff);
  return lines;
}

/**
 * With no output device (DDP), the band says so and holds what every rank ends up sharing; a narrow
 * band leaves the collective's caption to the narration, as GPU 0's band does.
 */
function SharedBand({ view, band, caption }: Omit<Props, 'layout'>) {
  const wide = band.width >= WIDE_BAND;
  const lines = [...(wide ? [caption] : []), ...sharedLines(view, wide)].slice(0, 4);
  return (
    <g className="band band-shared">
      <rect {...band} rx={10} className="band-frame band-frame-shared" />
      <text x={band.x + 12} y={band.y + 19} className="band-title">
        No output device
        {wide ? ': each rank holds its own loss and gradients' : null}
      </text>
      {lines.map((line, i) => (
        <text
          key={line}
          x={band.x + 12}
          y={band.y + 38 + i * 18}
          className={line === view.result ? 'value-main' : 'value-note'}
        >
          {line}
        </text>
      ))}
    </g>
  );
}

/** GPU 0's band: the whole-batch tensors that live on the output device, and the phase's key value. */
export function OutputBand({ view, layout, band, caption }: Props) {
  if (view.outputDevice === null) return <SharedBand view={view} band={band} caption={caption} />;
  const colour = gpuColour(view.outputDevice);
  const arriving = layout.strip?.object.kind === 'gathered' && view.phase === 'gather';
  return (
    <g className="band">
      <rect {...band} rx={10} className="band-frame" style={{ stroke: colour }} />
      <rect x={band.x + 10} y={band.y + 8} width={12} height={12} rx={3} fill={colour} aria-hidden="true" />
      <text x={band.x + 28} y={band.y + 19} className="band-title">
        GPU {view.outputDevice}
        {layout.strip
          ? ` · ${stripTitle(layout.strip.object, band.width >= WIDE_BAND)}`
          : ' · the output device'}
      </text>
      {band.width >= WIDE_BAND ? (
        <text x={band.x + band.width - 10} y={band.y + 19} textAnchor="end" className="band-caption">
          {caption}
        </text>
      ) : null}
      {layout.strip ? <Strip strip={layout.strip} arriving={arriving} /> : null}
      {layout.value ? <ValueBox value={layout.value} view={view} /> : null}
    </g>
  );
}
