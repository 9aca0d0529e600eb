/**
 * Where things sit on the stage, in SVG user units: the batch on GPU 0 at the top, one card per logical
 * GPU below, at most four to a row (two on narrow screens) so the text stays readable.
 */
export type Rect = { x: number; y: number; width: number; height: number };

export type StageLayout = {
  width: number;
  height: number;
  /** Where the batch's samples are drawn before they are scattered. */
  batch: Rect;
  cards: Rect[];
};

const WIDE = 1000;
const NARROW = 480;
const MIN_WIDE = 640;
/** More than four cards side by side make their text too small to read. */
const MAX_COLUMNS = 4;
const MARGIN = 16;
const GAP = 12;
const BATCH_HEIGHT = 170;
const CARD_HEIGHT = 330;
const MAX_CARD_WIDTH = 236;
const TOP_OF_CARDS = BATCH_HEIGHT + 70;

/** The layout for `gpus` cards; `narrow` for phone-sized screens. */
export function stageLayout(gpus: number, narrow: boolean): StageLayout {
  // Few GPUs get a narrower canvas, so their cards (and text) are drawn larger on screen.
  const width = narrow
    ? NARROW
    : Math.min(WIDE, Math.max(MIN_WIDE, Math.min(gpus, MAX_COLUMNS) * (MAX_CARD_WIDTH + GAP) + 2 * MARGIN));
  const columns = Math.min(gpus, narrow ? 2 : MAX_COLUMNS);
  const rows = Math.ceil(gpus / columns);
  const available = width - 2 * MARGIN;
  const cardWidth = Math.min(MAX_CARD_WIDTH, (available - (columns - 1) * GAP) / columns);
  const rowWidth = columns * cardWidth + (columns - 1) * GAP;
  const left = (width - rowWidth) / 2;
  const cards = Array.from({ length: gpus }, (_, device) => ({
    x: left + (device % columns) * (cardWidth + GAP),
    y: TOP_OF_CARDS + Math.floor(device / columns) * (CARD_HEIGHT + GAP),
    width: cardWidth,
    height: CARD_HEIGHT,
  }));
  return {
    width,
    height: TOP_OF_CARDS + rows * (CARD_HEIGHT + GAP) + MARGIN,
    batch: { x: MARGIN, y: MARGIN, width: available, height: BATCH_HEIGHT - MARGIN },
    cards,
  };
}

/** Inside a card: where its chunk's samples are drawn. */
export function cardPlot(card: Rect): Rect {
  return { x: card.x + 10, y: card.y + 58, width: card.width - 20, height: 96 };
}

/** Centre of a card's top edge (arrivals) and of GPU 0's plot (gathers and reduce-adds). */
export function cardAnchor(card: Rect): { x: number; y: number } {
  return { x: card.x + card.width / 2, y: card.y + 6 };
}
