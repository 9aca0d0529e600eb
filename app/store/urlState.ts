/**
 * The shareable part of the page's state, read from and written to the URL query, so a teacher's link
 * reopens the same settings, step and phase. Every value is checked: out of range is clamped, unreadable
 * falls back to the default, and each repair becomes a notice so the learner sees why the link did not
 * open exactly as written. The tutorial's `lesson` lives here too, so one module reads and writes the
 * whole query string (`useUrlSync` is its only writer).
 */

import { DATASET_IDS, type DatasetId } from '../../src/data/registry';
import { MAX_BATCH, MAX_GPUS } from '../../src/dp/chunk';
import { PHASES, type Phase } from '../../src/dp/phase';
import { isLessonId, type LessonId } from '../tutorial/lessonIds';

export const OPTIMIZER_KINDS = ['sgd', 'momentum', 'adam'] as const;
/** `dp` = nn.DataParallel, `ddp` = DistributedDataParallel, on the same run. */
export const MODES = ['dp', 'ddp'] as const;
export type Mode = (typeof MODES)[number];
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

export type UrlSettings = {
  gpus: number;
  batch: number;
  dataset: DatasetId;
  lr: number;
  optimizer: OptimizerKind;
  seed: number;
  step: number;
  phase: Phase;
  mode: Mode;
};

export const DEFAULT_SETTINGS: UrlSettings = {
  gpus: 3,
  batch: 10,
  dataset: 'spiral',
  lr: 0.1,
  optimizer: 'sgd',
  seed: 1,
  step: 0,
  phase: 'scatter',
  mode: 'dp',
};

/** Highest step a link may ask for: replaying it must stay quick. */
export const MAX_LINK_STEP = 5000;
export const MAX_SEED = 2 ** 31 - 1;
export const LR_RANGE = { min: 0.0001, max: 10 } as const;

type Field =
  | { kind: 'int'; key: 'gpus' | 'batch' | 'seed' | 'step'; label: string; min: number; max: number }
  | { kind: 'real'; key: 'lr'; label: string; min: number; max: number }
  | {
      kind: 'choice';
      key: 'dataset' | 'optimizer' | 'phase' | 'mode';
      label: string;
      values: readonly string[];
    };

export const FIELDS: readonly Field[] = [
  { kind: 'int', key: 'gpus', label: 'GPUs', min: 1, max: MAX_GPUS },
  { kind: 'int', key: 'batch', label: 'Batch size', min: 1, max: MAX_BATCH },
  { kind: 'choice', key: 'dataset', label: 'Data set', values: DATASET_IDS },
  { kind: 'real', key: 'lr', label: 'Learning rate', min: LR_RANGE.min, max: LR_RANGE.max },
  { kind: 'choice', key: 'optimizer', label: 'Optimizer', values: OPTIMIZER_KINDS },
  { kind: 'int', key: 'seed', label: 'Seed', min: 0, max: MAX_SEED },
  { kind: 'int', key: 'step', label: 'Step', min: 0, max: MAX_LINK_STEP },
  { kind: 'choice', key: 'phase', label: 'Phase', values: PHASES },
  { kind: 'choice', key: 'mode', label: 'Mode', values: MODES },
];

export type ParsedSettings = { settings: UrlSettings; notices: string[] };

/** Clamps an integer into [min, max]. */
export function clampInt(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** Longest part of a link value a notice repeats: a 5,000-character value must not fill the page. */
export const MAX_QUOTED = 40;

/** A value from the link as a notice quotes it: in quotes, shortened when long. */
export function quoteLinkValue(raw: string): string {
  return `"${raw.length > MAX_QUOTED ? `${raw.slice(0, MAX_QUOTED)}…` : raw}"`;
}

function readField(field: Field, raw: string, settings: UrlSettings, notices: string[]): void {
  const fallback = DEFAULT_SETTINGS[field.key];
  const quoted = quoteLinkValue(raw);
  if (field.kind === 'choice') {
    if (field.values.includes(raw)) {
      Object.assign(settings, { [field.key]: raw });
    } else {
      notices.push(
        `${field.label} ${quoted} in the link is not one of ${field.values.join(', ')}, so it is ${fallback}.`,
      );
    }
    return;
  }
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) {
    notices.push(`${field.label} ${quoted} in the link is not a number, so it is ${fallback}.`);
    return;
  }
  const repaired =
    field.kind === 'int'
      ? clampInt(value, field.min, field.max)
      : Math.min(field.max, Math.max(field.min, value));
  Object.assign(settings, { [field.key]: repaired });
  if (repaired === value) return;
  const outside = value < field.min || value > field.max;
  notices.push(
    outside
      ? `${field.label} ${quoted} in the link is outside ${field.min}–${field.max}, so it is ${repaired}.`
      : `${field.label} ${quoted} in the link is not a whole number, so it is ${repaired}.`,
  );
}

/** Reads the settings from a query string, repairing what it must and saying so. */
export function parseSettings(search: string): ParsedSettings {
  const query = new URLSearchParams(search);
  const settings: UrlSettings = { ...DEFAULT_SETTINGS };
  const notices: string[] = [];
  for (const field of FIELDS) {
    const [raw, ...ignored] = query.getAll(field.key);
    if (raw === undefined) continue;
    readField(field, raw, settings, notices);
    if (ignored.length > 0) {
      notices.push(
        `The link names ${field.label} more than once, so ${ignored.map(quoteLinkValue).join(', ')} ${ignored.length > 1 ? 'are' : 'is'} ignored.`,
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

/** The URL settings picked out of a larger state object. */
export function pickSettings(state: UrlSettings): UrlSettings {
  const picked = {} as Record<string, unknown>;
  for (const field of FIELDS) picked[field.key] = state[field.key];
  return picked as UrlSettings;
}

/** Whether two settings differ in any URL field. */
export function settingsDiffer(a: UrlSettings, b: UrlSettings): boolean {
  return FIELDS.some((field) => a[field.key] !== b[field.key]);
}

/** The lesson a link names (`?lesson=`), with a message when it names none we know. */
export function parseLesson(search: string): { lesson: LessonId | null; notice: string | null } {
  const [raw, ...ignored] = new URLSearchParams(search).getAll('lesson');
  if (raw === undefined) return { lesson: null, notice: null };
  const repeated =
    ignored.length > 0
      ? ` The link names a lesson more than once; ${ignored.map(quoteLinkValue).join(', ')} is ignored.`
      : '';
  if (isLessonId(raw)) return { lesson: raw, notice: repeated === '' ? null : repeated.trim() };
  return {
    lesson: null,
    notice: `The link asks for lesson ${quoteLinkValue(raw)}, which does not exist, so the tutorial opens where you left it.${repeated}`,
  };
}

/** Writes the lesson into a query string, keeping every other parameter. */
export function writeLesson(search: string, lesson: LessonId): string {
  const query = new URLSearchParams(search);
  query.set('lesson', lesson);
  return `?${query.toString()}`;
}

/** Settings a lesson may set that the link itself names: opening the link, the link wins. */
export function settingsNamedIn(search: string): Set<'gpus' | 'batch' | 'phase' | 'dataset' | 'optimizer'> {
  const query = new URLSearchParams(search);
  const keys = ['gpus', 'batch', 'phase', 'dataset', 'optimizer'] as const;
  return new Set(keys.filter((key) => query.has(key)));
}
