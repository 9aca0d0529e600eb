/**
 * The shareable part of the page's state, read from and written to the URL query. Every value is
 * checked: out of range is clamped, unreadable falls back to the default, and each repair is reported
 * as a notice so the learner sees why the link did not open exactly as written.
 */
import { MAX_BATCH, MAX_GPUS } from '../../src/dp/chunk';

export type UrlSettings = { gpus: number; batch: number };

export const DEFAULT_SETTINGS: UrlSettings = { gpus: 3, batch: 10 };

type IntegerField = { key: keyof UrlSettings; label: string; min: number; max: number };

const FIELDS: IntegerField[] = [
  { key: 'gpus', label: 'GPUs', min: 1, max: MAX_GPUS },
  { key: 'batch', label: 'Batch size', min: 1, max: MAX_BATCH },
];

export type ParsedSettings = { settings: UrlSettings; notices: string[] };

/** Clamps an integer into [min, max]. */
export function clampInt(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** Reads the settings from a query string, repairing what it must and saying so. */
export function parseSettings(search: string): ParsedSettings {
  const query = new URLSearchParams(search);
  const settings = { ...DEFAULT_SETTINGS };
  const notices: string[] = [];
  for (const field of FIELDS) {
    const raw = query.get(field.key);
    if (raw === null) continue;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) {
      settings[field.key] = DEFAULT_SETTINGS[field.key];
      notices.push(
        `${field.label} "${raw}" in the link is not a number, so it was set to ${DEFAULT_SETTINGS[field.key]}.`,
      );
      continue;
    }
    const clamped = clampInt(value, field.min, field.max);
    settings[field.key] = clamped;
    if (clamped !== value) {
      notices.push(
        `${field.label} ${raw} in the link is outside ${field.min}–${field.max}, so it was set to ${clamped}.`,
      );
    }
  }
  return { settings, notices };
}

/** Writes the settings into a query string, keeping any other parameters already there. */
export function writeSettings(search: string, settings: UrlSettings): string {
  const query = new URLSearchParams(search);
  for (const field of FIELDS) query.set(field.key, String(settings[field.key]));
  return `?${query.toString()}`;
}
