import { describe, expect, it } from 'vitest';
import type { StepConfig } from './config';
import { narrate, narratePhase } from './narrate';
import { PHASES } from './phase';
import { buildTrace, type StepTrace } from './trace';

function trace(gpus: number, batch: number, extra: Partial<StepConfig> = {}): StepTrace {
  const result = buildTrace({
    gpus,
    batch,
    model: { layers: [2, 16, 16, 2], activation: 'relu' },
    optimizer: 'adam',
    ...extra,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('narratePhase', () => {
  it('says how the batch was split, with the real numbers and the idle GPUs', () => {
    expect(narratePhase(trace(3, 10), 'scatter')).toBe(
      'Scatter: 10 samples split into 4, 4, 2 across GPUs 0–2 (chunks of ⌈10/3⌉ = 4, the last keeps the remainder).',
    );
    expect(narratePhase(trace(8, 10), 'scatter')).toBe(
      'Scatter: 10 samples split into 2, 2, 2, 2, 2 across GPUs 0–4; GPUs 5–7 are idle this step.',
    );
    expect(narratePhase(trace(4, 3), 'scatter')).toBe(
      'Scatter: 3 samples split into 1, 1, 1 across GPUs 0–2; GPU 3 is idle this step.',
    );
  });

  it('explains replicate as the broadcast of the last update, to busy GPUs only', () => {
    const sentence = narratePhase(trace(8, 10), 'replicate');
    expect(sentence).toContain('to GPUs 1–4');
    expect(sentence).toContain('the result of the last optimizer step');
    expect(sentence).toContain('"broadcast"');
    expect(sentence).toContain('idle GPUs 5–7 get nothing');
  });

  it('explains the one-GPU shortcut in every phase it changes', () => {
    const one = trace(1, 32);
    expect(narratePhase(one, 'scatter')).toContain('DataParallel will simply call the model');
    for (const phase of ['replicate', 'gather', 'reduce-add'] as const) {
      expect(narratePhase(one, phase)).toMatch(/skipped — with one GPU/);
    }
  });

  it('says reduce-add sums and never divides by the replica count', () => {
    expect(narratePhase(trace(3, 10), 'reduce-add')).toContain('summed, never divided by 3');
  });

  it('says the optimizer step happens on GPU 0 only and sends nothing', () => {
    const sentence = narratePhase(trace(3, 10), 'optimizer-step');
    expect(sentence).toContain('on GPU 0 only');
    expect(sentence).toContain('sends nothing');
    expect(sentence).toContain("next step's replicate");
  });

  it('says where the optimizer state lives without reading as "updates only with its buffers"', () => {
    const sentence = narratePhase(trace(3, 10, { optimizer: 'momentum' }), 'optimizer-step');
    expect(sentence).not.toMatch(/only with/);
    expect(sentence).toContain('on GPU 0 only (its momentum buffers live there alone)');
    expect(narratePhase(trace(1, 10, { optimizer: 'adam' }), 'optimizer-step')).toContain(
      'using its two moment buffers',
    );
  });

  it('never says replica 0 is the original model: it is a new module sharing their storage', () => {
    for (const [gpus, batch] of [
      [3, 10],
      [4, 1],
      [8, 10],
    ] as const) {
      const t = trace(gpus, batch);
      const sentences = [narratePhase(t, 'replicate'), ...t.events.map(narrate)];
      for (const sentence of sentences) expect(sentence).not.toMatch(/is the original model|itself/);
    }
    const own = trace(3, 10).events.find((event) => event.id === 'replicate:gpu0');
    expect(own && narrate(own)).toContain("uses the original parameters' storage");
  });

  it('explains the loss-inside-forward pitfall only when the chunks are unequal', () => {
    expect(narratePhase(trace(3, 10, { lossPlacement: 'inside-forward' }), 'loss')).toContain(
      'each sample of the 2-row chunk weighs 1.67× what it should',
    );
    expect(narratePhase(trace(4, 12, { lossPlacement: 'inside-forward' }), 'loss')).toContain(
      'this equals the full-batch mean',
    );
    expect(narratePhase(trace(3, 10, { lossPlacement: 'inside-forward' }), 'gather')).toContain(
      'vector of length 3',
    );
  });

  it('writes exactly one sentence per phase for every configuration', () => {
    for (const [gpus, batch] of [
      [1, 1],
      [1, 32],
      [2, 1],
      [3, 10],
      [4, 3],
      [8, 10],
      [8, 4096],
    ] as const) {
      for (const placement of ['gathered', 'inside-forward'] as const) {
        const t = trace(gpus, batch, { lossPlacement: placement });
        for (const phase of PHASES) {
          const sentence = narratePhase(t, phase);
          expect(sentence).toMatch(/^[A-Z].*\.$/s);
          expect(sentence).not.toMatch(/undefined|NaN|\. [A-Z]/);
        }
      }
    }
  });
});

describe('narrate (one event)', () => {
  it('names the rows, the devices and the direction of a copy', () => {
    const t = trace(3, 10);
    const sentence = (id: string): string => {
      const event = t.events.find((candidate) => candidate.id === id);
      if (!event) throw new Error(`no event ${id}`);
      return narrate(event);
    };
    expect(sentence('scatter:gpu1')).toBe('GPU 1 receives rows 4–7 (4 samples) from GPU 0.');
    expect(sentence('scatter:gpu0')).toBe('GPU 0 keeps rows 0–3 (4 samples) where they already are.');
    expect(sentence('gather:gpu2')).toBe(
      'GPU 0 receives output[8:10] from GPU 2 and appends it in chunk order.',
    );
    expect(sentence('reduce-add:gpu1')).toBe(
      'GPU 1 sends its gradients (1.4 KiB) to GPU 0, where they are added to the sum.',
    );
    expect(sentence('optimizer-step:gpu0')).toBe(
      'GPU 0 updates parameters, .grad, exp_avg, exp_avg_sq in place; no other GPU takes part.',
    );
  });

  it('explains a skipped phase', () => {
    const skipped = trace(1, 8).events.find((event) => event.kind === 'skipped');
    expect(skipped && narrate(skipped)).toBe(
      'Replicate is skipped: with one GPU, DataParallel calls the model directly.',
    );
  });
});
