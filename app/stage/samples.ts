/**
 * Where each sample of the shown batch is drawn: in the batch area before scatter and inside its GPU's
 * card after. Planar points keep their real (x, y) position, scaled into the box; digits are laid out as
 * thumbnails in row order.
 */
import type { Rect } from './layout';

export type SampleMark = {
  /** Position in the batch (0..B−1) and the data set row it came from. */
  index: number;
  row: number;
  device: number;
  /** Centre in the batch area and in the card. */
  from: { x: number; y: number };
  to: { x: number; y: number };
};

/** Largest number of samples drawn one by one; beyond it the stage shows counts only. */
export const MAX_DRAWN_SAMPLES = 512;

function planarPoint(box: Rect, x: number, y: number, extent: number): { x: number; y: number } {
  const side = Math.min(box.width, box.height);
  const left = box.x + (box.width - side) / 2;
  return {
    x: left + ((x + extent) / (2 * extent)) * side,
    y: box.y + ((extent - y) / (2 * extent)) * side,
  };
}

function gridPoint(box: Rect, slot: number, count: number): { x: number; y: number } {
  const columns = Math.max(1, Math.ceil(Math.sqrt((count * box.width) / box.height)));
  const cell = Math.min(box.width / columns, box.height / Math.ceil(count / columns));
  return {
    x: box.x + (slot % columns) * cell + cell / 2,
    y: box.y + Math.floor(slot / columns) * cell + cell / 2,
  };
}

/** Size of one digit thumbnail for `count` samples in `box`. */
export function thumbnailSize(box: Rect, count: number): number {
  const columns = Math.max(1, Math.ceil(Math.sqrt((count * box.width) / box.height)));
  return Math.min(box.width / columns, box.height / Math.ceil(count / columns)) * 0.9;
}

/**
 * The marks of a batch: `chunkRows[k]` are the data set rows GPU k received (in batch order).
 * `features` are the data set's rows (count × width) for planar positions.
 */
export function sampleMarks(
  chunkRows: readonly (readonly number[])[],
  planar: { x: Float32Array; extent: number } | null,
  batchBox: Rect,
  plots: readonly Rect[],
): SampleMark[] {
  const total = chunkRows.reduce((sum, rows) => sum + rows.length, 0);
  const marks: SampleMark[] = [];
  let index = 0;
  for (const [device, rows] of chunkRows.entries()) {
    const plot = plots[device];
    if (!plot) continue;
    for (const [slot, row] of rows.entries()) {
      if (index >= MAX_DRAWN_SAMPLES) return marks;
      const point = planar ? { x: planar.x[row * 2] ?? 0, y: planar.x[row * 2 + 1] ?? 0 } : undefined;
      marks.push({
        index,
        row,
        device,
        from:
          point && planar
            ? planarPoint(batchBox, point.x, point.y, planar.extent)
            : gridPoint(batchBox, index, total),
        to:
          point && planar
            ? planarPoint(plot, point.x, point.y, planar.extent)
            : gridPoint(plot, slot, rows.length),
      });
      index++;
    }
  }
  return marks;
}
