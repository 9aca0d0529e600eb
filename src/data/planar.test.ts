import { describe, expect, it } from 'vitest';
import type { Dataset } from '../train/engine';
import { blobs, circles, moons, type PlanarOptions, spiral, xor } from './planar';

const GENERATORS = { spiral, moons, circles, xor, blobs };
const base: PlanarOptions = { count: 301, classes: 2, noise: 0.05, seed: 11 };

function classCounts(data: Dataset): number[] {
  const counts = new Array<number>(data.classes).fill(0);
  for (const label of data.y) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

describe.each(Object.entries(GENERATORS))('%s', (_name, generate) => {
  it('is shaped right, balanced and roughly inside [-1, 1]²', () => {
    const data = generate(base);
    expect(data.features).toBe(2);
    expect(data.count).toBe(301);
    expect(data.x).toHaveLength(602);
    expect(data.y).toHaveLength(301);
    expect(classCounts(data)).toEqual([151, 150]);
    for (const v of data.x) {
      expect(Number.isFinite(v)).toBe(true);
      expect(Math.abs(v)).toBeLessThan(1.25);
    }
  });

  it('repeats for a seed and changes with another', () => {
    const a = generate(base);
    expect(generate(base)).toEqual(a);
    expect(generate({ ...base, seed: 12 }).x).not.toEqual(a.x);
  });

  it('rejects a count below the class count and negative noise', () => {
    expect(() => generate({ ...base, count: 1 })).toThrow(RangeError);
    expect(() => generate({ ...base, noise: -0.1 })).toThrow(RangeError);
    expect(() => generate({ ...base, noise: Number.NaN })).toThrow(RangeError);
  });
});

describe.each([
  ['spiral', spiral],
  ['circles', circles],
  ['blobs', blobs],
] as const)('%s with several classes', (_name, generate) => {
  it('makes 2 to 4 balanced classes and refuses 1 or 5', () => {
    for (const classes of [2, 3, 4]) {
      const data = generate({ ...base, count: 120, classes });
      expect(data.classes).toBe(classes);
      expect(classCounts(data)).toEqual(new Array<number>(classes).fill(120 / classes));
    }
    expect(() => generate({ ...base, classes: 1 })).toThrow(RangeError);
    expect(() => generate({ ...base, classes: 5 })).toThrow(RangeError);
  });
});

describe('the shapes themselves', () => {
  const clean = { ...base, noise: 0 };
  const points = (data: Dataset) =>
    Array.from(data.y, (label, i) => ({ label, px: data.x[2 * i] ?? 0, py: data.x[2 * i + 1] ?? 0 }));

  it('xor: same-sign quadrants are class 1, with a margin from the axes', () => {
    for (const { label, px, py } of points(xor(clean))) {
      expect(label).toBe(px * py > 0 ? 1 : 0);
      expect(Math.min(Math.abs(px), Math.abs(py))).toBeGreaterThanOrEqual(0.1);
    }
  });

  it('circles: class c lies on ring c, innermost first', () => {
    for (const { label, px, py } of points(circles({ ...clean, classes: 4 }))) {
      expect(Math.hypot(px, py)).toBeCloseTo((0.95 * (label + 1)) / 4, 5);
    }
  });

  it('spiral: each arm winds outwards from the centre to radius 1', () => {
    const arm = points(spiral(clean)).filter((p) => p.label === 1);
    const radii = arm.map((p) => Math.hypot(p.px, p.py));
    expect(radii[0]).toBeCloseTo(0.08, 5);
    expect(radii.at(-1)).toBeCloseTo(1, 5);
    for (let i = 1; i < radii.length; i++) expect(radii[i]).toBeGreaterThan(radii[i - 1] ?? 0);
  });

  it('blobs: noise 0 puts every point on its centre; noise spreads them', () => {
    const tight = points(blobs({ ...clean, classes: 4 }));
    const centre = (label: number) => [
      0.6 * Math.cos(Math.PI / 4 + (Math.PI * label) / 2),
      0.6 * Math.sin(Math.PI / 4 + (Math.PI * label) / 2),
    ];
    for (const { label, px, py } of tight) {
      const [cx, cy] = centre(label);
      expect(px).toBeCloseTo(cx ?? 0, 6);
      expect(py).toBeCloseTo(cy ?? 0, 6);
    }
    const loose = points(blobs({ ...base, classes: 4, noise: 0.1 }));
    const spread = Math.sqrt(
      loose.reduce((sum, { label, px, py }) => {
        const [cx, cy] = centre(label);
        return sum + ((px - (cx ?? 0)) ** 2 + (py - (cy ?? 0)) ** 2) / 2;
      }, 0) / loose.length,
    );
    expect(spread).toBeGreaterThan(0.08);
    expect(spread).toBeLessThan(0.12);
  });

  it('moons: the two classes are separated when clean', () => {
    const pts = points(moons(clean));
    // The upper moon of class 0 sits above the lower moon of class 1 at the same x, near the middle.
    const upper = pts.filter((p) => p.label === 0 && Math.abs(p.px + 0.33) < 0.05);
    const lower = pts.filter((p) => p.label === 1 && Math.abs(p.px - 0.33) < 0.05);
    expect(upper.length).toBeGreaterThan(0);
    expect(lower.length).toBeGreaterThan(0);
    for (const p of upper) expect(p.py).toBeGreaterThan(0.3);
    for (const p of lower) expect(p.py).toBeLessThan(-0.3);
  });
});
