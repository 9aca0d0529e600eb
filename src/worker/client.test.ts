import { describe, expect, it } from 'vitest';
import { createTrainingClient, TrainingError, type WorkerLike } from './client';
import type { TrainingResponse } from './protocol';
import { harness, SPIRAL } from './testHarness';

/** A worker in this thread: the real handler behind structured clones, as across a real port. */
function inProcessWorker() {
  const listeners = {
    message: [] as ((event: MessageEvent<unknown>) => void)[],
    error: [] as ((event: ErrorEvent) => void)[],
  };
  const sent: unknown[] = [];
  let terminated = false;
  const h = harness({
    post: (message: TrainingResponse) => {
      const event = { data: structuredClone(message) } as MessageEvent<unknown>;
      for (const listener of listeners.message) listener(event);
    },
  });
  const worker: WorkerLike = {
    postMessage(message) {
      sent.push(message);
      void h.handler.handle(structuredClone(message));
    },
    addEventListener(type: 'message' | 'error', listener: never) {
      (listeners[type] as unknown[]).push(listener);
    },
    terminate() {
      terminated = true;
    },
  };
  return {
    worker,
    sent,
    fail: (message: string) => {
      for (const listener of listeners.error) listener({ message } as ErrorEvent);
    },
    get terminated() {
      return terminated;
    },
  };
}

describe('createTrainingClient', () => {
  it('configures, steps, runs and hears the streamed progress', async () => {
    const fake = inProcessWorker();
    const client = createTrainingClient({
      createWorker: () => fake.worker,
      digitsUrl: 'http://x/data/digits.bin',
    });
    const heard: TrainingResponse['type'][] = [];
    const unsubscribe = client.subscribe((message) => heard.push(message.type));
    const ready = await client.configure(SPIRAL);
    expect(ready.engine.kind).toBe('cpu');
    expect(fake.sent[0]).toMatchObject({
      id: 1,
      type: 'configure',
      settings: { digitsUrl: 'http://x/data/digits.bin' },
    });
    const stepped = await client.step();
    expect(stepped.type === 'stepped' && stepped.report.step).toBe(1);
    const stopped = await client.run({ maxSteps: 30 });
    expect(stopped).toMatchObject({ type: 'stopped', reason: 'max-steps', step: 31 });
    expect(heard).toContain('progress');
    expect((await client.evaluate()).step).toBe(31);
    const map = await client.boundary(4);
    expect(map.probabilities).toBeInstanceOf(Float32Array);
    const comparison = await client.compare({ gpus: 2 });
    expect(comparison.maxAbsDiff.gathered).toBeLessThanOrEqual(1e-5);
    const snapshot = await client.snapshot();
    await client.step();
    expect(await client.restore(snapshot)).toBe(31);
    unsubscribe();
    const count = heard.length;
    await client.dispose();
    expect(heard).toHaveLength(count);
  });

  it('pauses a run: both promises settle with the same step', async () => {
    const client = createTrainingClient({ createWorker: () => inProcessWorker().worker });
    await client.configure(SPIRAL);
    const run = client.run({ stepsPerSecond: 500 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const paused = await client.pause();
    expect(await run).toMatchObject({ reason: 'paused', step: paused.step });
  });

  it('rejects with the worker’s message and whether the configuration still stands', async () => {
    const client = createTrainingClient({ createWorker: () => inProcessWorker().worker });
    const early = client.step();
    await expect(early).rejects.toBeInstanceOf(TrainingError);
    await expect(early).rejects.toMatchObject({
      recoverable: false,
      message: expect.stringMatching(/configure first/),
    });
    await client.configure({ ...SPIRAL, dataset: 'digits' });
    await expect(client.boundary(8)).rejects.toMatchObject({ recoverable: true });
  });

  it('fails every pending request when the worker crashes or is terminated', async () => {
    const fake = inProcessWorker();
    const client = createTrainingClient({ createWorker: () => fake.worker });
    const heard: TrainingResponse[] = [];
    client.subscribe((m) => heard.push(m));
    const pending = client.configure(SPIRAL);
    fake.fail('SyntaxError in the worker');
    await expect(pending).rejects.toThrow('the training worker failed: SyntaxError in the worker');
    expect(heard.at(-1)).toMatchObject({ type: 'error', id: null, recoverable: false });
    client.terminate();
    expect(fake.terminated).toBe(true);
    await expect(client.step()).rejects.toThrow(/terminated/);
  });
});
