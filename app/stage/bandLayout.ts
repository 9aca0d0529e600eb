/**
 * Inside GPU 0's band: a strip of the batch's rows (the input before scatter, the outputs gathered in
 * chunk order) and a box for one value (the loss, Σ of the gradients, the weight update). Pure geometry,
 * shared by the band and the arrows that start or end on it.
 */
import type { PhaseView, StageObject } from '../../src/dp/phaseView';
import type { Rect } from './stageGeometry';

export type BandLayout = {
  /** The row strip's object (`batch` or `gathered`), if the phase has one. */
  strip?: { object: StageObject; rect: Rect; parts: Map<string, Rect> };
  /** The value box's object (`loss`, `sum`, or the output device's updated weights). */
  value?: { object: StageObject; rect: Rect };
};

const STRIP_TOP = 28;
const STRIP_HEIGHT = 28;
/** Share of the band the strip takes when a value box sits beside it. */
const STRIP_SHARE = 0.5;

function valueObject(view: PhaseView): StageObject | undefined {
  const home = view.outputDevice;
  return (
    view.objects.find((object) => object.kind === 'weights' && object.before !== undefined) ??
    view.objects.find((object) => object.id === 'sum') ??
    view.objects.find((object) => object.kind === 'loss' && object.device === home)
  );
}

/** Where the strip, its parts (by the event that moves each) and the value box sit in `band`. */
export function bandLayout(view: PhaseView, band: Rect): BandLayout {
  const stripObject = view.objects.find((object) => object.kind === 'batch' || object.kind === 'gathered');
  const value = valueObject(view);
  const inner = { x: band.x + 12, width: band.width - 24 };
  const layout: BandLayout = {};
  const stripWidth = value ? Math.floor(inner.width * STRIP_SHARE) : inner.width;
  if (stripObject) {
    const rect = { x: inner.x, y: band.y + STRIP_TOP, width: stripWidth, height: STRIP_HEIGHT };
    const total = Math.max(1, stripObject.rows ? stripObject.rows[1] - stripObject.rows[0] : 1);
    const parts = new Map<string, Rect>();
    for (const part of stripObject.parts ?? []) {
      const x = rect.x + (part.rows[0] / total) * rect.width;
      const width = ((part.rows[1] - part.rows[0]) / total) * rect.width;
      parts.set(part.eventId, { x, y: rect.y, width, height: rect.height });
    }
    layout.strip = { object: stripObject, rect, parts };
  }
  if (value) {
    const x = stripObject ? inner.x + stripWidth + 16 : inner.x;
    const width = Math.min(460, inner.x + inner.width - x);
    layout.value = { object: value, rect: { x, y: band.y + 24, width, height: band.height - 30 } };
  }
  return layout;
}

/** The bottom centre of a rectangle: where arrows leave the band or arrive on it. */
export function bottomCentre(rect: Rect): { x: number; y: number } {
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height };
}
