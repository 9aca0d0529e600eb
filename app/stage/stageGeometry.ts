/**
 * Where things sit on the stage, in CSS pixels (the SVG is drawn 1:1, so a 12 px label is 12 px on
 * screen): GPU 0's wide band for the whole-batch tensors at the top, then every GPU's card in one row.
 * The height is fixed whatever the GPU count or batch, so nothing below the stage jumps; when the cards
 * do not fit the width, the stage scrolls sideways inside its box instead of shrinking its text.
 */
export type Rect = { x: number; y: number; width: number; height: number };

export type StageGeometry = {
  width: number;
  height: number;
  /** GPU 0's band: the batch before scatter, the gathered outputs, the loss, Σ, the weight update. */
  band: Rect;
  /** The lane between band and cards where copies travel. */
  laneY: number;
  cards: Rect[];
};

/** The stage's height: the same for 1 and 8 GPUs. */
export const STAGE_HEIGHT = 404;
const MARGIN = 8;
const GAP = 8;
/** Narrower cards cannot hold a 12 px "replica 7" label and a value. */
export const MIN_CARD_WIDTH = 100;
const MAX_CARD_WIDTH = 250;
const BAND_HEIGHT = 104;
const LANE = 28;

/** Card slots, top to bottom: the input chunk, the weights, outputs (or grad slices), gradients. */
export const SLOTS = { header: 0, chunk: 48, weights: 94, outputs: 140, gradients: 186 } as const;
export const SLOT_HEIGHT = 40;

/** The stage for `gpus` cards in a box `available` pixels wide. */
export function stageGeometry(gpus: number, available: number): StageGeometry {
  const fitted = (available - 2 * MARGIN - (gpus - 1) * GAP) / gpus;
  const cardWidth = Math.max(MIN_CARD_WIDTH, Math.min(MAX_CARD_WIDTH, Math.floor(fitted)));
  const rowWidth = gpus * cardWidth + (gpus - 1) * GAP;
  const width = Math.max(available, rowWidth + 2 * MARGIN);
  const left = Math.round((width - rowWidth) / 2);
  const top = MARGIN + BAND_HEIGHT + LANE;
  const cards = Array.from({ length: gpus }, (_, device) => ({
    x: left + device * (cardWidth + GAP),
    y: top,
    width: cardWidth,
    height: STAGE_HEIGHT - top - MARGIN,
  }));
  return {
    width,
    height: STAGE_HEIGHT,
    band: { x: MARGIN, y: MARGIN, width: width - 2 * MARGIN, height: BAND_HEIGHT },
    laneY: MARGIN + BAND_HEIGHT + LANE / 2,
    cards,
  };
}

/** The rectangle of a card's slot. */
export function slotRect(card: Rect, slot: keyof typeof SLOTS): Rect {
  return { x: card.x + 6, y: card.y + SLOTS[slot], width: card.width - 12, height: SLOT_HEIGHT };
}
