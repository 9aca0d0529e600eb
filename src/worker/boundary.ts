/**
 * The points of a decision-boundary map: a square grid over the planar data sets' extent, whose class
 * probabilities the page paints behind the data.
 */
import { PLANAR_EXTENT } from '../data/registry';

/** Most cells per side the worker evaluates (128² points is still one small predict call). */
export const MAX_BOUNDARY_RESOLUTION = 128;

/**
 * Cell centres of a `resolution × resolution` grid over [-extent, extent]², row-major, row 0 at the
 * top (largest y) so the result maps straight onto screen rows. Returns `resolution² × 2` values.
 * @throws RangeError when `resolution` is not an integer in 2..MAX_BOUNDARY_RESOLUTION.
 */
export function boundaryGrid(resolution: number, extent: number = PLANAR_EXTENT): Float32Array {
  if (!Number.isInteger(resolution) || resolution < 2 || resolution > MAX_BOUNDARY_RESOLUTION) {
    throw new RangeError(
      `the boundary grid needs 2..${MAX_BOUNDARY_RESOLUTION} cells per side, got ${String(resolution)}`,
    );
  }
  const cell = (2 * extent) / resolution;
  const points = new Float32Array(resolution * resolution * 2);
  for (let row = 0; row < resolution; row++) {
    for (let col = 0; col < resolution; col++) {
      const i = row * resolution + col;
      points[2 * i] = -extent + (col + 0.5) * cell;
      points[2 * i + 1] = extent - (row + 0.5) * cell;
    }
  }
  return points;
}
