/**
 * What a speed-up curve shows, in words computed from its numbers — so a sentence next to the curve
 * can never claim a shape the points contradict ("each GPU brings less than the one before" under a
 * curve that dips at 2 GPUs and then climbs by a third of a GPU per GPU).
 */
import type { SpeedupPoint } from './speedup';

/**
 * - `flat`: every point within `tolerance` of the others: the extra GPUs buy nothing.
 * - `slower`: every added GPU makes it slower.
 * - `dip-then-gain`: the second GPU makes it slower, later ones add speed.
 * - `diminishing`: every added GPU helps, each less than the one before.
 * - `steady`: every added GPU helps, but not each less than the one before.
 * - `peak`: it gets faster up to a count, then slower.
 * - `uneven`: none of these.
 */
export type ScalingShape = 'flat' | 'slower' | 'dip-then-gain' | 'diminishing' | 'steady' | 'peak' | 'uneven';

export type ScalingDescription = { shape: ScalingShape; sentence: string };

/** Relative spread below which a curve counts as flat. */
export const FLAT_TOLERANCE = 0.05;

function times(value: number): string {
  return `${value.toFixed(2)}×`;
}

function signed(value: number): string {
  return `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(2)}×`;
}

function gpus(count: number): string {
  return `${count} GPU${count === 1 ? '' : 's'}`;
}

/** The change in speed-up from each point to the next. */
function gainsOf(points: readonly SpeedupPoint[]): number[] {
  return points.slice(1).map((point, i) => point.speedup - (points[i]?.speedup ?? point.speedup));
}

function shapeOf(points: readonly SpeedupPoint[], gains: readonly number[]): ScalingShape {
  const speedups = points.map((point) => point.speedup);
  const high = Math.max(...speedups);
  const low = Math.min(...speedups);
  if (high - low <= FLAT_TOLERANCE * high) return 'flat';
  if (gains.every((gain) => gain < 0)) return 'slower';
  if (gains.every((gain) => gain > 0)) {
    return gains.every((gain, i) => i === 0 || gain <= (gains[i - 1] ?? gain)) ? 'diminishing' : 'steady';
  }
  const firstRise = gains.findIndex((gain) => gain > 0);
  if ((gains[0] ?? 0) < 0 && gains.slice(firstRise).every((gain) => gain > 0)) return 'dip-then-gain';
  const firstFall = gains.findIndex((gain) => gain < 0);
  if (firstFall > 0 && gains.slice(0, firstFall).every((gain) => gain > 0)) {
    if (gains.slice(firstFall).every((gain) => gain < 0)) return 'peak';
  }
  return 'uneven';
}

function range(values: readonly number[]): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low.toFixed(2) === high.toFixed(2) ? signed(low) : `between ${signed(low)} and ${signed(high)}`;
}

/**
 * The shape of a speed-up curve (points at 1, 2, … GPUs) and one sentence describing it with its own
 * numbers, ending with how far the last point is from the ideal.
 */
export function describeScaling(points: readonly SpeedupPoint[]): ScalingDescription {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last || points.length < 2) {
    return { shape: 'flat', sentence: 'With a single GPU there is no curve to describe.' };
  }
  const gains = gainsOf(points);
  const shape = shapeOf(points, gains);
  const ideal =
    last.speedup < last.gpus / 2
      ? ` — far from the ideal ${times(last.gpus)}`
      : ` (ideal: ${times(last.gpus)})`;
  const end = `${times(last.speedup)} with ${gpus(last.gpus)}${ideal}`;
  const second = points[1] ?? last;
  switch (shape) {
    case 'flat':
      return {
        shape,
        sentence: `The curve is flat: from 1 to ${gpus(last.gpus)} the speed-up stays between ${times(Math.min(...points.map((p) => p.speedup)))} and ${times(Math.max(...points.map((p) => p.speedup)))}, so the extra GPUs buy almost nothing.`,
      };
    case 'slower':
      return {
        shape,
        sentence: `Every GPU added makes the step slower: ${times(second.speedup)} with 2 GPUs, ${end}.`,
      };
    case 'dip-then-gain': {
      const lowest = points.reduce((low, point) => (point.speedup < low.speedup ? point : low));
      const after = gains.slice(points.indexOf(lowest));
      return {
        shape,
        sentence: `A second GPU makes it slower (${times(first.speedup)} → ${times(second.speedup)}); from ${gpus(lowest.gpus)} on, each added GPU adds ${range(after)}, reaching ${end}.`,
      };
    }
    case 'diminishing':
      return {
        shape,
        sentence: `Each added GPU helps less than the one before: the second adds ${signed(gains[0] ?? 0)}, the last ${signed(gains[gains.length - 1] ?? 0)}, reaching ${end}.`,
      };
    case 'steady':
      return { shape, sentence: `Each added GPU adds ${range(gains)}, reaching ${end}.` };
    case 'peak': {
      const best = points.reduce((top, point) => (point.speedup > top.speedup ? point : top));
      return {
        shape,
        sentence: `The speed-up peaks at ${times(best.speedup)} with ${gpus(best.gpus)}, and every GPU after that makes it slower: ${end}.`,
      };
    }
    case 'uneven':
      return {
        shape,
        sentence: `The speed-up goes ${points.map((point) => times(point.speedup)).join(', ')} from 1 to ${gpus(last.gpus)}: ${end}.`,
      };
  }
}
