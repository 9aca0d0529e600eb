/**
 * Small readings of the store that lessons share: where playback is in the step, and the numbers of
 * the step on the stage, taken from its trace — the same numbers the narration speaks.
 */
import { chunkSizes } from '../../src/dp/chunk';
import { formatGpus, formatSizes, plural } from '../../src/dp/format';
import { PHASES, type Phase } from '../../src/dp/phase';
import type { Store } from '../store/store';
import type { LessonStart } from './lessonTypes';

/** Whether playback has reached `phase` in the step the lesson began with, or moved on to a later step. */
export function reached(state: Store, start: LessonStart, phase: Phase): boolean {
  return state.step > start.step || PHASES.indexOf(state.phase) >= PHASES.indexOf(phase);
}

/** "10 samples split 3, 3, 3, 1 across GPUs 0–3" for the current settings. */
export function splitSentence(state: Pick<Store, 'batch' | 'gpus'>): string {
  const sizes = chunkSizes(state.batch, state.gpus);
  const busy = sizes.map((_, device) => device);
  return `${plural(state.batch, 'sample')} split ${formatSizes(sizes)} across ${formatGpus(busy)}`;
}

/** The GPUs that received a chunk in the step on the stage (the settings' split before it arrives). */
export function busyGpus(state: Store): number[] {
  return state.shown?.trace.plan.busyGpus ?? chunkSizes(state.batch, state.gpus).map((_, device) => device);
}

/** A gradient value for prose: three significant digits, a real minus sign. */
export function formatGradient(value: number): string {
  const text = Number(value.toPrecision(3)).toString();
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}
