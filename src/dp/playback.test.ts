import { describe, expect, it } from 'vitest';
import { PHASES } from './phase';
import {
  frameAt,
  PLAYBACK_PHASE_MS,
  phaseAtRest,
  phaseSpans,
  phaseStart,
  stepPhase,
  traceDuration,
} from './playback';
import { buildTrace, type StepTrace } from './trace';

function trace(gpus: number, batch: number): StepTrace {
  const result = buildTrace({
    gpus,
    batch,
    model: { layers: [2, 16, 16, 2], activation: 'relu' },
    optimizer: 'sgd',
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const T = trace(3, 10);

describe('playback placement', () => {
  it('gives every phase the same slot, skipped phases included, so each one is visible', () => {
    const one = trace(1, 32);
    expect(traceDuration(one)).toBe(PHASES.length * PLAYBACK_PHASE_MS);
    expect(phaseSpans(one).map((span) => span.end - span.start)).toEqual(
      new Array(PHASES.length).fill(PLAYBACK_PHASE_MS),
    );
    for (const event of one.events) {
      const span = phaseSpans(one)[PHASES.indexOf(event.phase)];
      expect(event.start).toBeGreaterThanOrEqual(span?.start ?? Number.NaN);
      expect(event.start + event.duration).toBeLessThanOrEqual((span?.end ?? Number.NaN) + 1e-9);
      expect(event.duration).toBeGreaterThan(0);
    }
  });

  it('staggers the launches of the single Python process (scatter, replicate, forward, gather)', () => {
    for (const phase of ['scatter', 'replicate', 'forward', 'gather'] as const) {
      const starts = T.events.filter((event) => event.phase === phase).map((event) => event.start);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(new Set(starts).size).toBe(starts.length);
    }
  });

  it('runs the replicas’ backward side by side: autograd’s device threads do not share the GIL', () => {
    const passes = T.events.filter((event) => event.phase === 'backward' && event.kind === 'compute');
    expect(new Set(passes.map((event) => event.start)).size).toBe(1);
    const slices = T.events.filter((event) => event.phase === 'backward' && event.kind !== 'compute');
    expect(Math.max(...slices.map((event) => event.start + event.duration))).toBeLessThanOrEqual(
      passes[0]?.start ?? 0,
    );
  });

  it('keeps playback time separate from the modeled time', () => {
    const forward = T.events.find((event) => event.id === 'forward:gpu0');
    expect(forward?.duration).not.toBe(forward?.modeledMs);
    expect(T.modeledStepMs).toBeLessThan(traceDuration(T));
  });
});

describe('frameAt', () => {
  it('starts at scatter with nothing done', () => {
    const frame = frameAt(T, 0);
    expect(frame.phase).toBe('scatter');
    expect(frame.phaseProgress).toBe(0);
    expect(frame.events.map((entry) => entry.progress)).toEqual([0, 0, 0]);
    expect(frame.events.map((entry) => entry.state)).toEqual(['running', 'waiting', 'waiting']);
  });

  it('reports each event’s progress as clamp((t − start) / duration, 0, 1)', () => {
    const forward = T.events.filter((event) => event.phase === 'forward');
    const first = forward[0];
    if (!first) throw new Error('no forward event');
    const t = first.start + first.duration / 2;
    const frame = frameAt(T, t);
    expect(frame.phase).toBe('forward');
    expect(frame.events[0]?.progress).toBeCloseTo(0.5, 12);
    for (const entry of frame.events) {
      expect(entry.progress).toBeCloseTo(
        Math.min(1, Math.max(0, (t - entry.event.start) / entry.event.duration)),
        12,
      );
    }
    expect(frame.active.every((entry) => entry.state === 'running')).toBe(true);
  });

  it('ends on the optimizer step, complete, and clamps times outside the trace', () => {
    const end = frameAt(T, traceDuration(T) + 500);
    expect(end.phase).toBe('optimizer-step');
    expect(end.phaseProgress).toBe(1);
    expect(end.events.every((entry) => entry.progress === 1 && entry.state === 'done')).toBe(true);
    expect(frameAt(T, -10).t).toBe(0);
    expect(frameAt(T, Number.NaN).phase).toBe('scatter');
  });

  it('is pure: the same time gives the same frame', () => {
    expect(frameAt(T, 3456)).toEqual(frameAt(T, 3456));
  });
});

describe('stepping phase by phase', () => {
  it('moves to the start of the next and previous phases', () => {
    const gatherStart = phaseStart(T, 'gather') ?? Number.NaN;
    expect(stepPhase(T, gatherStart + 10, 1)).toBe(phaseStart(T, 'loss'));
    expect(stepPhase(T, gatherStart + 10, -1)).toBe(phaseStart(T, 'forward'));
    expect(stepPhase(T, 0, -1)).toBe(0);
    expect(stepPhase(T, phaseStart(T, 'optimizer-step') ?? 0, 1)).toBe(traceDuration(T));
  });

  it('walks through all eight phases from the start', () => {
    const visited: string[] = [];
    let t = 0;
    while (t < traceDuration(T)) {
      visited.push(frameAt(T, t).phase);
      t = stepPhase(T, t, 1);
    }
    expect(visited).toEqual(PHASES);
  });

  it('rests every phase inside its own slot with all of its events done', () => {
    for (const phase of PHASES) {
      const rest = phaseAtRest(T, phase) ?? -1;
      const frame = frameAt(T, rest);
      expect(frame.phase).toBe(phase);
      expect(frame.events.every((entry) => entry.state === 'done' && entry.progress === 1)).toBe(true);
      // Just before the rest, the phase's last event is still running.
      const before = frameAt(T, rest - 20);
      expect(before.events.some((entry) => entry.state === 'running')).toBe(true);
    }
    expect(phaseAtRest(T, 'no-such-phase' as never)).toBeUndefined();
  });
});
