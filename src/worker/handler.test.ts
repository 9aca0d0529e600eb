import { describe, expect, it } from 'vitest';
import type { TrainingResponse } from './protocol';
import { harness, SPIRAL, until } from './testHarness';

type Of<T extends TrainingResponse['type']> = Extract<TrainingResponse, { type: T }>;
const only = <T extends TrainingResponse['type']>(replies: TrainingResponse[], type: T): Of<T> => {
  expect(replies.map((r) => r.type)).toEqual([type]);
  return replies[0] as Of<T>;
};

describe('configure', () => {
  it('answers ready with the engine, the model and the rows', async () => {
    const h = harness();
    const ready = only(await h.send({ type: 'configure', settings: SPIRAL }), 'ready');
    expect(ready.engine).toEqual({ kind: 'cpu', label: 'CPU', reason: 'WebGPU unavailable: test' });
    expect(ready.model.layers).toEqual([2, 16, 16, 2]);
    expect(ready.paramCount).toBe(2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2);
    expect([ready.train.count, ready.test, ready.step]).toEqual([400, null, 0]);
  });

  it('loads the digits from the URL it is given and holds 20% out', async () => {
    const h = harness();
    const settings = { ...SPIRAL, dataset: 'digits' as const, digitsUrl: 'http://page/data/digits.bin' };
    const ready = only(await h.send({ type: 'configure', settings }), 'ready');
    expect(h.digitsUrls).toEqual(['http://page/data/digits.bin']);
    expect(ready.model.layers).toEqual([64, 32, 10]);
    expect([ready.train.count, ready.test?.count]).toEqual([1438, 359]);
  });

  it('refuses bad settings with a clear, unrecoverable error', async () => {
    const h = harness();
    const replies = await h.send({ type: 'configure', settings: { ...SPIRAL, gpus: 9 } });
    expect(only(replies, 'error')).toMatchObject({ message: 'GPUs must be 1–8, got 9', recoverable: false });
    const model = { layers: [3, 8, 2], activation: 'relu' as const };
    expect(only(await h.send({ type: 'configure', settings: { ...SPIRAL, model } }), 'error').message).toBe(
      'the model must map 2 inputs to 2 classes for Spiral, got 3→8→2',
    );
    const lr = only(
      await h.send({ type: 'configure', settings: { ...SPIRAL, optimizer: { kind: 'sgd', lr: 0 } } }),
      'error',
    );
    expect(lr.message).toMatch(/learning rate/);
  });

  it('asks for a configuration before anything else, and ignores strangers', async () => {
    const h = harness();
    expect(only(await h.send({ type: 'step' }), 'error')).toMatchObject({ recoverable: false });
    expect(only(await h.send({ type: 'step' }), 'error').message).toMatch(/configure first/);
    await h.handler.handle({ type: 'hello' });
    expect(h.messages.at(-1)).toMatchObject({ type: 'error', id: null, recoverable: true });
  });
});

describe('stepping', () => {
  it('steps, with per-replica detail on request', async () => {
    const h = harness();
    await h.send({ type: 'configure', settings: { ...SPIRAL, gpus: 3, batch: 10 } });
    const plain = only(await h.send({ type: 'step' }), 'stepped');
    expect(plain.report).toMatchObject({ step: 1, epoch: 0, rows: 10 });
    expect(plain.report.loss).toBeGreaterThan(0);
    const detailed = only(await h.send({ type: 'step', detail: { weight: 3 } }), 'stepped');
    expect(detailed.report.detail?.chunkRows.map((rows) => rows.length)).toEqual([4, 4, 2]);
    expect(only(await h.send({ type: 'step', detail: { weight: -1 } }), 'error').recoverable).toBe(true);
  });

  it('answers a divergent step with diverged and the restored step', async () => {
    const h = harness();
    await h.send({ type: 'configure', settings: { ...SPIRAL, optimizer: { kind: 'sgd', lr: 1e30 } } });
    let last: TrainingResponse | undefined;
    for (let i = 0; i < 10 && last?.type !== 'diverged'; i++) [last] = await h.send({ type: 'step' });
    expect(last).toMatchObject({ type: 'diverged', restoredStep: 0 });
    expect(last?.type === 'diverged' && last.message).toMatch(/learning rate/);
  });

  it('returns to a snapshot and repeats the same steps from there', async () => {
    const h = harness();
    await h.send({ type: 'configure', settings: { ...SPIRAL, optimizer: { kind: 'sgd', lr: 0.3 } } });
    for (let i = 0; i < 4; i++) await h.send({ type: 'step' });
    const { snapshot } = only(await h.send({ type: 'snapshot' }), 'snapshot');
    expect(snapshot.step).toBe(4);
    const ahead = only(await h.send({ type: 'step' }), 'stepped').report.loss;
    await h.send({ type: 'step' });
    expect(only(await h.send({ type: 'restore', snapshot }), 'restored').step).toBe(4);
    expect(only(await h.send({ type: 'step' }), 'stepped').report).toMatchObject({ step: 5, loss: ahead });
  });
});

describe('running', () => {
  it('streams every step once, in order, then stops at maxSteps', async () => {
    const h = harness();
    await h.send({ type: 'configure', settings: SPIRAL });
    const stopped = only(await h.send({ type: 'run', maxSteps: 60 }), 'stopped');
    expect(stopped).toMatchObject({ step: 60, reason: 'max-steps' });
    const steps = (h.events('progress') as Of<'progress'>[]).flatMap((m) => m.reports.map((r) => r.step));
    expect(steps).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const accuracies = (h.events('progress') as Of<'progress'>[]).flatMap((m) =>
      m.reports.flatMap((r) => (r.accuracy ? [r.accuracy.step] : [])),
    );
    expect(accuracies).toEqual([20, 40, 60]);
  });

  it('pauses a run between steps and says at which step', async () => {
    const h = harness();
    await h.send({ type: 'configure', settings: SPIRAL });
    const run = h.start({ type: 'run' });
    await until(() => h.events('progress').length > 0);
    const paused = only(await h.send({ type: 'pause' }), 'paused');
    await run.done;
    const stopped = h.messages.find((m) => m.id === run.id);
    expect(stopped).toMatchObject({ type: 'stopped', reason: 'paused', step: paused.step });
    const lastReported = (h.events('progress').at(-1) as Of<'progress'>).reports.at(-1)?.step;
    expect(lastReported).toBe(paused.step);
    expect(only(await h.send({ type: 'step' }), 'stepped').report.step).toBe(paused.step + 1);
  });

  it('lets a step or an evaluation in between the steps of a run, and refuses a second run', async () => {
    const h = harness();
    await h.send({ type: 'configure', settings: SPIRAL });
    const run = h.start({ type: 'run', stepsPerSecond: 200 });
    await until(() => h.events('progress').length > 0);
    expect(only(await h.send({ type: 'evaluate' }), 'evaluated').accuracy.train).toBeGreaterThan(0);
    expect(only(await h.send({ type: 'run' }), 'error').message).toMatch(/already running/);
    await h.send({ type: 'pause' });
    await run.done;
  });

  it('stops a divergent run with a diverged event, weights restored', async () => {
    const h = harness();
    await h.send({
      type: 'configure',
      settings: { ...SPIRAL, optimizer: { kind: 'sgd', lr: 1e30 }, snapshotEvery: 1 },
    });
    const stopped = only(await h.send({ type: 'run' }), 'stopped');
    const diverged = h.events('diverged') as Of<'diverged'>[];
    expect(diverged).toHaveLength(1);
    expect(diverged[0]?.id).toBeNull();
    expect(stopped).toMatchObject({ reason: 'diverged', step: diverged[0]?.restoredStep });
  });

  it('stops the run for a new configuration', async () => {
    const h = harness();
    await h.send({ type: 'configure', settings: SPIRAL });
    const run = h.start({ type: 'run' });
    await until(() => h.events('progress').length > 0);
    const ready = only(
      await h.send({ type: 'configure', settings: { ...SPIRAL, dataset: 'moons' } }),
      'ready',
    );
    expect(ready.step).toBe(0);
    await run.done;
    expect(h.messages.find((m) => m.id === run.id)).toMatchObject({
      type: 'stopped',
      reason: 'reconfigured',
    });
  });
});

describe('views', () => {
  it('maps class probabilities over a grid for 2-D sets only', async () => {
    const h = harness();
    await h.send({ type: 'configure', settings: { ...SPIRAL, dataset: 'blobs', classes: 3 } });
    const map = only(await h.send({ type: 'boundary', resolution: 8 }), 'boundary');
    expect([map.resolution, map.classes, map.extent, map.probabilities.length]).toEqual([
      8,
      3,
      1.25,
      8 * 8 * 3,
    ]);
    for (let cell = 0; cell < 64; cell++) {
      const sum = [0, 1, 2].reduce((s, c) => s + (map.probabilities[cell * 3 + c] ?? 0), 0);
      expect(sum).toBeCloseTo(1, 5);
    }
    await h.send({ type: 'configure', settings: { ...SPIRAL, dataset: 'digits' } });
    expect(only(await h.send({ type: 'boundary', resolution: 8 }), 'error')).toMatchObject({
      message: 'a decision map needs a 2-D data set',
      recoverable: true,
    });
  });

  it("predicts training rows with the current weights: the step's own forward at first, the accuracy later", async () => {
    const h = harness();
    const settings = { ...SPIRAL, dataset: 'digits' as const, gpus: 3, batch: 24, accuracyEvery: 0 };
    const { train } = only(await h.send({ type: 'configure', settings }), 'ready');
    const everyRow = Array.from({ length: train.count }, (_, row) => row);
    const before = only(await h.send({ type: 'predict', rows: everyRow }), 'predicted');
    expect([before.step, before.predicted.length]).toEqual([0, train.count]);
    // Step 1's forward runs on the same weights: its gathered outputs agree row by row.
    const { report } = only(await h.send({ type: 'step', detail: { weight: 0 } }), 'stepped');
    const rows = report.detail?.chunkRows.flat() ?? [];
    expect(rows).toHaveLength(24);
    const gathered = report.detail?.gathered ?? new Float32Array();
    rows.forEach((row, k) => {
      const outputs = Array.from(gathered.subarray(k * 10, (k + 1) * 10));
      expect(before.predicted[row]).toBe(outputs.indexOf(Math.max(...outputs)));
    });
    // After more steps the answer names the new step and scores what `evaluate` scores.
    await h.send({ type: 'run', maxSteps: 40 });
    const later = only(await h.send({ type: 'predict', rows: everyRow }), 'predicted');
    expect(later.step).toBe(41);
    const accuracy = only(await h.send({ type: 'evaluate' }), 'evaluated').accuracy;
    const right = everyRow.filter((row) => later.predicted[row] === train.y[row]).length;
    expect(right / train.count).toBeCloseTo(accuracy.train, 10);
    expect(later.predicted).not.toEqual(before.predicted);
    // A few rows, in the order asked.
    const some = only(await h.send({ type: 'predict', rows: [5, 2, 5] }), 'predicted');
    expect([some.rows, Array.from(some.predicted)]).toEqual([
      [5, 2, 5],
      [later.predicted[5], later.predicted[2], later.predicted[5]],
    ]);
  });

  it('refuses rows outside the training set, and keeps the configuration', async () => {
    const h = harness();
    await h.send({ type: 'configure', settings: SPIRAL });
    expect(only(await h.send({ type: 'predict', rows: [0, 400] }), 'error')).toMatchObject({
      message: 'rows must be training rows 0–399, got 400',
      recoverable: true,
    });
    expect(only(await h.send({ type: 'predict', rows: [] }), 'predicted').predicted).toHaveLength(0);
  });

  it('compares 1 GPU with N: equal gradients with the gathered loss, not with the loss inside forward', async () => {
    const h = harness();
    await h.send({ type: 'configure', settings: { ...SPIRAL, gpus: 3, batch: 10 } });
    await h.send({ type: 'step' });
    const before = only(await h.send({ type: 'snapshot' }), 'snapshot').snapshot;
    const { comparison } = only(await h.send({ type: 'compare', weight: 7 }), 'compared');
    expect(comparison).toMatchObject({ gpus: 3, rows: 10, chunkSizes: [4, 4, 2], weight: 7 });
    expect(comparison.maxAbsDiff.gathered).toBeLessThanOrEqual(1e-5);
    expect(comparison.maxAbsDiff.insideForward).toBeGreaterThan(1e-4);
    expect(comparison.grad.gathered).toBeCloseTo(comparison.grad.single, 5);
    expect(comparison.loss.gathered).toBeCloseTo(comparison.loss.single, 5);
    // The running training is untouched.
    const after = only(await h.send({ type: 'snapshot' }), 'snapshot').snapshot;
    expect(after).toEqual(before);
  });

  it('disposes the session', async () => {
    const h = harness();
    await h.send({ type: 'configure', settings: SPIRAL });
    only(await h.send({ type: 'dispose' }), 'disposed');
    expect(only(await h.send({ type: 'step' }), 'error').message).toMatch(/configure first/);
  });
});
