/**
 * Seeded 2-D classification sets: spiral, moons, circles, xor and gaussian blobs.
 *
 * Every generator returns a `Dataset` with points roughly inside [-1, 1]² (so one decision-boundary
 * extent fits them all), classes assigned round-robin (row i has class i mod C, so classes stay
 * balanced for any count), and all randomness — positions and noise — from one seeded generator.
 * `noise` is the standard deviation of gaussian jitter in those same units.
 */
import { type Random, seededRandom } from '../random/seeded';
import type { Dataset } from '../train/engine';

export type PlanarOptions = {
  /** Points to make (≥ the class count). */
  count: number;
  /** Classes; generators that only make sense with two (moons, xor) ignore it. */
  classes: number;
  /** Standard deviation of the gaussian jitter, ≥ 0. */
  noise: number;
  seed: number;
};

/** Where a point of class `label` sits before noise; it is the `k`-th of the class's `n` points. */
type Place = (label: number, k: number, n: number, random: Random) => [number, number];

function checkOptions({ count, classes, noise }: PlanarOptions, minClasses: number, maxClasses: number) {
  if (!Number.isInteger(classes) || classes < minClasses || classes > maxClasses) {
    throw new RangeError(`this data set has ${minClasses}–${maxClasses} classes, got ${String(classes)}`);
  }
  if (!Number.isInteger(count) || count < classes) {
    throw new RangeError(`need an integer count of at least ${classes} points, got ${String(count)}`);
  }
  if (!(noise >= 0 && Number.isFinite(noise))) {
    throw new RangeError(`noise must be a finite number ≥ 0, got ${String(noise)}`);
  }
}

function build(options: PlanarOptions, classes: number, place: Place): Dataset {
  const { count, noise, seed } = options;
  const random = seededRandom(seed);
  const x = new Float32Array(count * 2);
  const y = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % classes;
    const inClass = Math.floor((count - 1 - label) / classes) + 1;
    const [px, py] = place(label, Math.floor(i / classes), inClass, random);
    x[2 * i] = px + noise * random.normal();
    x[2 * i + 1] = py + noise * random.normal();
    y[i] = label;
  }
  return { x, y, count, features: 2, classes };
}

/** How far each spiral arm winds: enough to need two hidden layers, few enough to learn in seconds. */
const TURNS = 1.5;

/** Interleaved spiral arms, one per class, each winding from the centre out to radius 1. */
export function spiral(options: PlanarOptions): Dataset {
  checkOptions(options, 2, 4);
  const { classes } = options;
  return build(options, classes, (label, k, n) => {
    const t = n === 1 ? 1 : k / (n - 1);
    const radius = 0.08 + 0.92 * t;
    const angle = TURNS * 2 * Math.PI * t + (2 * Math.PI * label) / classes;
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
}

/** Two interlocking half circles (scikit-learn's `make_moons`, centred and scaled into [-1, 1]). */
export function moons(options: PlanarOptions): Dataset {
  checkOptions({ ...options, classes: 2 }, 2, 2);
  return build(options, 2, (label, _k, _n, random) => {
    const angle = Math.PI * random.next();
    const [mx, my] =
      label === 0 ? [Math.cos(angle), Math.sin(angle)] : [1 - Math.cos(angle), 0.5 - Math.sin(angle)];
    return [(mx - 0.5) * 0.66, (my - 0.25) * 0.66];
  });
}

/** Concentric rings, class 0 innermost, the outermost at radius 0.95. */
export function circles(options: PlanarOptions): Dataset {
  checkOptions(options, 2, 4);
  const { classes } = options;
  return build(options, classes, (label, _k, _n, random) => {
    const radius = (0.95 * (label + 1)) / classes;
    const angle = 2 * Math.PI * random.next();
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
}

/**
 * The xor pattern: class 1 where x and y have the same sign. Points keep a small margin from the axes
 * so the noise-free set is separable.
 */
export function xor(options: PlanarOptions): Dataset {
  checkOptions({ ...options, classes: 2 }, 2, 2);
  return build(options, 2, (label, _k, _n, random) => {
    const along = (): number => 0.1 + 0.85 * random.next();
    const sx = random.next() < 0.5 ? -1 : 1;
    const sy = label === 1 ? sx : -sx;
    return [sx * along(), sy * along()];
  });
}

/** Gaussian blobs with centres evenly spread on a circle of radius 0.6; `noise` is each blob's spread. */
export function blobs(options: PlanarOptions): Dataset {
  checkOptions(options, 2, 4);
  const { classes } = options;
  return build(options, classes, (label) => {
    const angle = Math.PI / 4 + (2 * Math.PI * label) / classes;
    return [0.6 * Math.cos(angle), 0.6 * Math.sin(angle)];
  });
}
