import { describe, expect, it } from 'vitest';
import { createCpuEngine } from '../train/cpuEngine';
import type { Engine } from '../train/engine';
import type { TrainingResponse, TrainingSettings } from './protocol';
import { harness, SPIRAL, until } from './testHarness';

type Of<T extends TrainingResponse['type']> = Extract<TrainingResponse, { type: T }>;
const reply = <T extends TrainingResponse['type']>(replies: TrainingResponse[], type: T): Of<T> => {
  expect(replies.map((r) => r.type)).toEqual([type]);
  return replies[0] as Of<T>;
};
const WEIGHT = 3;

/** Losses of the steps shown one by one (detailed steps), from a fresh configuration. */
async function shownLosses(settings: TrainingSettings, count: number): Promise<number[]> {
  const h = harness();
  await h.send({ type: 'configure', settings });
  const losses: number[] = [];
  for (let i = 0; i < count; i++) {
    const stepped = reply(await h.send({ type: 'step', detail: { weight: WEIGHT } }), 'stepped');
    losses.push(stepped.report.loss ?? Number.NaN);
  }
  return losses;
}

describe('configure at a step', () => {
  it('re-partitions at the shown step when only the GPU count changes: nothing is recomputed', async () => {
    const reference = await shownLosses(SPIRAL, 4);
    const h = harness();
    await h.send({ type: 'configure', settings: SPIRAL });
    for (let i = 0; i < 3; i++) await h.send({ type: 'step', detail: { weight: WEIGHT } });
    // The page shows step index 2 (computed from the state after 2 steps) and the slider moves to 4.
    const ready = reply(
      await h.send({ type: 'configure', settings: { ...SPIRAL, gpus: 4 }, step: 2 }),
      'ready',
    );
    expect(ready).toMatchObject({ step: 2, reuse: { kind: 'restored', from: 2 } });
    expect(h.events('replay')).toEqual([]);
    const again = reply(await h.send({ type: 'step', detail: { weight: WEIGHT } }), 'stepped').report;
    expect(again.step).toBe(3);
    expect(again.settings).toMatchObject({ gpus: 4, batch: 32, dataset: 'spiral' });
    expect(again.detail?.chunkRows.map((rows) => rows.length)).toEqual([8, 8, 8, 8]);
    // The same step on 4 GPUs instead of 2: the same loss (the optimizer's state came along too).
    expect(again.loss).toBeCloseTo(reference[2] as number, 6);
    const next = reply(await h.send({ type: 'step', detail: { weight: WEIGHT } }), 'stepped').report;
    expect(next.loss).toBeCloseTo(reference[3] as number, 5);
  });

  it('replays a link from the seed, streaming progress, and continues the same run', async () => {
    const straight = harness();
    await straight.send({ type: 'configure', settings: SPIRAL });
    await straight.send({ type: 'run', maxSteps: 120 });
    const after = reply(await straight.send({ type: 'step', detail: { weight: WEIGHT } }), 'stepped');

    const h = harness({ flushMs: 0 });
    const ready = reply(await h.send({ type: 'configure', settings: SPIRAL, step: 120 }), 'ready');
    expect(ready).toMatchObject({ step: 120, reuse: { kind: 'replayed', from: 0 } });
    const replay = h.events('replay') as Of<'replay'>[];
    expect(replay.length).toBeGreaterThan(0);
    expect(replay.at(-1)).toMatchObject({ done: 120, total: 120 });
    const steps = (h.events('progress') as Of<'progress'>[]).flatMap((m) => m.reports.map((r) => r.step));
    expect(steps).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const first = reply(await h.send({ type: 'step', detail: { weight: WEIGHT } }), 'stepped');
    expect(first.report.step).toBe(121);
    // The replay ran on one logical GPU: the same gradient as the straight run's, to float rounding.
    expect(first.report.loss).toBeCloseTo(after.report.loss ?? Number.NaN, 5);
  });

  it('replays from a remembered state when the link goes further on the same run', async () => {
    const h = harness();
    await h.send({ type: 'configure', settings: SPIRAL });
    for (let i = 0; i < 5; i++) await h.send({ type: 'step', detail: { weight: WEIGHT } });
    const ready = reply(
      await h.send({ type: 'configure', settings: { ...SPIRAL, gpus: 1 }, step: 9 }),
      'ready',
    );
    expect(ready.reuse).toEqual({ kind: 'replayed', from: 5 });
  });

  it('replays from the seed when the batch, the optimizer or the seed change', async () => {
    const h = harness();
    await h.send({ type: 'configure', settings: SPIRAL });
    for (let i = 0; i < 3; i++) await h.send({ type: 'step', detail: { weight: WEIGHT } });
    for (const settings of [
      { ...SPIRAL, batch: 10 },
      { ...SPIRAL, seed: 2 },
      { ...SPIRAL, gpus: 3 },
    ]) {
      const ready = reply(await h.send({ type: 'configure', settings, step: 2 }), 'ready');
      expect(ready.reuse).toEqual({ kind: 'replayed', from: 0 });
    }
  });

  it('gives up a configure that a newer one replaced, and ends in exactly the last', async () => {
    const h = harness();
    await h.send({ type: 'configure', settings: SPIRAL });
    const sent = [2, 3, 4, 5, 6, 7, 8].map((gpus) =>
      h.start({ type: 'configure', settings: { ...SPIRAL, gpus }, step: gpus === 3 ? 3000 : 0 }),
    );
    await Promise.all(sent.map((s) => s.done));
    const answers = sent.map((s) => h.messages.find((m) => m.id === s.id));
    expect(answers.at(-1)).toMatchObject({ type: 'ready', step: 0 });
    for (const answer of answers.slice(0, -1)) {
      expect(answer).toMatchObject({ type: 'error', recoverable: true, message: /newer configuration/ });
    }
    const stepped = reply(await h.send({ type: 'step', detail: { weight: WEIGHT } }), 'stepped');
    expect(stepped.report.settings.gpus).toBe(8);
  });
});

describe('the CPU standing in while WebGPU compiles', () => {
  it('trains on the CPU at once, then WebGPU takes over between two steps without losing one', async () => {
    const reference = await shownLosses(
      { ...SPIRAL, optimizer: { kind: 'momentum', lr: 0.1, momentum: 0.9 } },
      6,
    );
    let compiled: () => void = () => {};
    const inner = createCpuEngine();
    const gpu = Object.assign(Object.create(inner) as Engine, {
      kind: 'webgpu' as const,
      label: 'WebGPU · fake',
      configure: async (config: Parameters<Engine['configure']>[0]) => {
        await new Promise<void>((resolve) => {
          compiled = resolve;
        });
        return inner.configure(config);
      },
    });
    const h = harness({
      createEngine: async () => ({ engine: gpu, info: { kind: 'webgpu', label: gpu.label, reason: null } }),
      gpuGraceMs: 5,
    });
    const settings = { ...SPIRAL, optimizer: { kind: 'momentum' as const, lr: 0.1, momentum: 0.9 } };
    const ready = reply(await h.send({ type: 'configure', settings }), 'ready');
    expect(ready.engine).toMatchObject({ kind: 'cpu', standIn: true });
    const losses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = reply(await h.send({ type: 'step', detail: { weight: WEIGHT } }), 'stepped');
      losses.push(r.report.loss ?? Number.NaN);
    }
    compiled();
    await until(() => h.events('engine').length > 0);
    expect(h.events('engine')[0]).toMatchObject({
      from: { kind: 'cpu', standIn: true },
      to: { kind: 'webgpu', label: 'WebGPU · fake' },
      resumedStep: 3,
    });
    expect(reply(await h.send({ type: 'stats' }), 'stats').engine.kind).toBe('webgpu');
    for (let i = 0; i < 3; i++) {
      const r = reply(await h.send({ type: 'step', detail: { weight: WEIGHT } }), 'stepped');
      expect(r.report.step).toBe(4 + i);
      losses.push(r.report.loss ?? Number.NaN);
    }
    // Momentum's buffer came along: the curve is the CPU-only one, step for step.
    losses.forEach((loss, i) => {
      expect(loss).toBeCloseTo(reference[i] as number, 6);
    });
  });
});
