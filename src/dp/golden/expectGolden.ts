/**
 * The golden-file check shared by the trace tests: round the value to six significant digits (stable
 * across platforms, still sensitive to any real change), lay it out one event per line (`goldenJson`)
 * and compare it with `golden/<name>.golden.json`. With `UPDATE_GOLDEN=1` the file is rewritten first.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { goldenJson } from './goldenJson';

const GOLDEN_DIR = import.meta.dirname;
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(6));
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, rounded(entry)]));
  }
  return value;
}

export function expectGolden(name: string, value: unknown): void {
  const actual = rounded(JSON.parse(JSON.stringify(value)));
  const file = join(GOLDEN_DIR, `${name}.golden.json`);
  if (UPDATE) writeFileSync(file, goldenJson(actual));
  if (!existsSync(file)) throw new Error(`${file} is missing; create it with UPDATE_GOLDEN=1`);
  expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}
