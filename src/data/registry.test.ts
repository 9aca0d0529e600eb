import { describe, expect, it } from 'vitest';
import { paramLayout } from '../nn/spec';
import type { Dataset } from '../train/engine';
import {
  DATASET_IDS,
  DATASETS,
  datasetInfo,
  defaultModel,
  isDatasetId,
  loadDataset,
  PLANAR_EXTENT,
} from './registry';

const noDigits = () => Promise.reject(new Error('digits not needed here'));

function fakeDigits(count: number): Dataset {
  const y = Uint32Array.from({ length: count }, (_, i) => i % 10);
  return { x: new Float32Array(count * 64), y, count, features: 64, classes: 10 };
}

describe('the data set registry', () => {
  it('lists every id once, in picker order, with a label', () => {
    expect(DATASETS.map((d) => d.id)).toEqual([...DATASET_IDS]);
    for (const info of DATASETS) expect(info.label.length).toBeGreaterThan(0);
  });

  it('parses ids from strings', () => {
    expect(isDatasetId('spiral')).toBe(true);
    expect(isDatasetId('digits')).toBe(true);
    expect(isDatasetId('mnist')).toBe(false);
  });

  it('gives the default models 2→16→16→C and 64→32→10', () => {
    expect(defaultModel('spiral').layers).toEqual([2, 16, 16, 2]);
    expect(defaultModel('blobs', 4).layers).toEqual([2, 16, 16, 4]);
    expect(defaultModel('digits').layers).toEqual([64, 32, 10]);
    expect(paramLayout(defaultModel('digits')).count).toBe(64 * 32 + 32 + 32 * 10 + 10);
  });

  it('credits the digits and only the digits', () => {
    expect(datasetInfo('digits').credit).toMatch(/CC BY 4\.0/);
    expect(DATASETS.filter((d) => d.credit !== null).map((d) => d.id)).toEqual(['digits']);
  });
});

describe('loadDataset', () => {
  it('generates planar sets with the defaults inside the plotted extent', async () => {
    for (const info of DATASETS.filter((d) => d.kind === 'planar')) {
      const { train, test } = await loadDataset({ id: info.id, seed: 3 }, noDigits);
      expect(test).toBeNull();
      expect(train.count).toBe(info.points);
      expect(train.classes).toBe(info.classes.default);
      for (const v of train.x) expect(Math.abs(v)).toBeLessThan(PLANAR_EXTENT);
    }
  });

  it('honours classes, noise and points, and refuses classes out of range', async () => {
    const { train } = await loadDataset(
      { id: 'circles', seed: 1, classes: 3, points: 90, noise: 0 },
      noDigits,
    );
    expect([train.count, train.classes]).toEqual([90, 3]);
    await expect(loadDataset({ id: 'moons', seed: 1, classes: 3 }, noDigits)).rejects.toThrow(/2–2 classes/);
  });

  it('splits the digits 80/20 with the seed, no row on both sides', async () => {
    const all = fakeDigits(100);
    for (let r = 0; r < 100; r++) all.x[r * 64] = r; // tag each row
    const a = await loadDataset({ id: 'digits', seed: 5 }, async () => all);
    const b = await loadDataset({ id: 'digits', seed: 5 }, async () => all);
    const c = await loadDataset({ id: 'digits', seed: 6 }, async () => all);
    expect(a.train.count).toBe(80);
    expect(a.test?.count).toBe(20);
    const tags = (d: Dataset) => Array.from({ length: d.count }, (_, r) => d.x[r * 64] ?? -1);
    const seen = [...tags(a.train), ...(a.test ? tags(a.test) : [])].sort((p, q) => p - q);
    expect(seen).toEqual(Array.from({ length: 100 }, (_, r) => r));
    expect(a.test ? tags(a.test) : []).toEqual(b.test ? tags(b.test) : []);
    expect(a.test ? tags(a.test) : []).not.toEqual(c.test ? tags(c.test) : []);
    // Labels travel with their rows.
    for (let r = 0; r < a.train.count; r++) expect(a.train.y[r]).toBe((a.train.x[r * 64] ?? 0) % 10);
  });
});
