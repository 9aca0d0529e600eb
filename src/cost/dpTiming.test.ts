import { describe, expect, it } from 'vitest';
import { buildDdpTrace } from '../dp/ddpTrace';
import type { TraceEvent } from '../dp/event';
import { PHASES } from '../dp/phase';
import { buildTrace, type StepTrace } from '../dp/trace';
import type { ModelSpec } from '../nn/spec';

const TINY: ModelSpec = { layers: [2, 16, 16, 2], activation: 'relu' };
const WIDE: ModelSpec = { layers: [784, 1024, 1024, 10], activation: 'relu' };

function trace(gpus: number, batch: number, model: ModelSpec = TINY): StepTrace {
  const result = buildTrace({ gpus, batch, model, optimizer: 'adam' }, { preset: 't4-pcie' });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const end = (event: TraceEvent<string>): number => event.modeledStartMs + event.modeledMs;

function span(events: readonly TraceEvent<string>[]): number {
  return Math.max(...events.map(end)) - Math.min(...events.map((event) => event.modeledStartMs));
}

describe('the DataParallel timing model', () => {
  it('runs the phases one after another', () => {
    const t = trace(4, 1024, WIDE);
    for (let i = 1; i < PHASES.length; i++) {
      const before = t.events.filter((event) => event.phase === PHASES[i - 1]);
      const after = t.events.filter((event) => event.phase === PHASES[i]);
      expect(Math.min(...after.map((event) => event.modeledStartMs))).toBeGreaterThanOrEqual(
        Math.max(...before.map(end)) - 1e-12,
      );
    }
    expect(t.modeledStepMs).toBeCloseTo(Math.max(...t.events.map(end)), 12);
  });

  it('fact: scatter goes through GPU 0’s one link — each copy waits for the previous one', () => {
    const copies = trace(4, 1024, WIDE).events.filter(
      (event) => event.phase === 'scatter' && event.kind === 'transfer',
    );
    expect(copies).toHaveLength(3);
    for (let i = 1; i < copies.length; i++) {
      expect(copies[i]?.modeledStartMs).toBeGreaterThanOrEqual(
        end(copies[i - 1] as TraceEvent<string>) - 1e-12,
      );
    }
  });

  it('fact: one Python process drives every replica — the host-bound forward grows with the replica count', () => {
    const forward = (gpus: number): number =>
      span(trace(gpus, 8 * gpus).events.filter((event) => event.phase === 'forward'));
    expect(forward(2)).toBeGreaterThan(forward(1));
    expect(forward(8)).toBeGreaterThan(forward(4));
    expect(forward(8)).toBeGreaterThan(3 * forward(1));
  });

  it('contrast: DDP’s forward does not grow with the rank count (one process per GPU)', () => {
    const forward = (gpusPerNode: number): number => {
      const result = buildDdpTrace(
        { gpusPerNode, batchPerRank: 8, model: TINY, optimizer: 'adam' },
        { preset: 't4-pcie' },
      );
      if (!result.ok) throw new Error(result.error.message);
      return span(result.value.events.filter((event) => event.phase === 'forward'));
    };
    expect(forward(8)).toBe(forward(1));
  });

  it('starts each replica’s backward when its output-gradient slice has arrived', () => {
    const t = trace(3, 1024, WIDE);
    for (const device of [1, 2]) {
      const slice = t.events.find((event) => event.id === `backward:slice:gpu${device}`);
      const pass = t.events.find((event) => event.id === `backward:gpu${device}`);
      if (!slice || !pass) throw new Error('missing backward events');
      expect(pass.modeledStartMs).toBeCloseTo(end(slice), 12);
    }
  });

  it('charges the weights’ broadcast and the gradients’ reduce by the model size', () => {
    const small = trace(4, 64, TINY);
    const wide = trace(4, 64, WIDE);
    for (const phase of ['replicate', 'reduce-add'] as const) {
      const of = (t: StepTrace): number => span(t.events.filter((event) => event.phase === phase));
      expect(of(wide)).toBeGreaterThan(of(small));
    }
  });

  it('gives the skipped phases of the one-GPU shortcut no time', () => {
    const t = trace(1, 32);
    for (const event of t.events.filter((candidate) => candidate.kind === 'skipped'))
      expect(event.modeledMs).toBe(0);
  });
});
