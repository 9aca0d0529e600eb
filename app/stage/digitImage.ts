/**
 * An 8×8 digit as a small PNG data URL (cached per data set row), so a batch of thumbnails is a few
 * hundred <image> elements rather than tens of thousands of rectangles.
 */
const cache = new WeakMap<Float32Array, Map<number, string>>();

/** The thumbnail of row `row` of `pixels` (rows of 64 values in [0, 1]); empty without a canvas. */
export function digitImage(pixels: Float32Array, row: number): string {
  let rows = cache.get(pixels);
  if (!rows) {
    rows = new Map();
    cache.set(pixels, rows);
  }
  const cached = rows.get(row);
  if (cached !== undefined) return cached;
  const canvas = typeof document === 'undefined' ? null : document.createElement('canvas');
  const context = canvas?.getContext('2d');
  if (!canvas || !context) return '';
  canvas.width = 8;
  canvas.height = 8;
  const image = context.createImageData(8, 8);
  for (let i = 0; i < 64; i++) {
    const ink = Math.round(255 * (1 - (pixels[row * 64 + i] ?? 0)));
    image.data.set([ink, ink, ink, 255], i * 4);
  }
  context.putImageData(image, 0, 0);
  const url = canvas.toDataURL();
  rows.set(row, url);
  return url;
}
