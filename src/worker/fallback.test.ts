import { describe, expect, it } from 'vitest';
import { createCpuEngine } from '../train/cpuEngine';
import type { Engine } from '../train/engine';
import type { TrainingResponse } from './protocol';
import { harness, SPIRAL, until } from './testHarness';

/**
 * A stand-in for the WebGPU engine: the CPU engine under a WebGPU name, which fails its steps from
 * step `failAt` on, or loses its "device" when told to.
 */
function flakyGpu(failAt = Number.POSITIVE_INFINITY) {
  const inner = createCpuEngine();
  const listeners = new Set<(reason: string) => void>();
  let steps = 0;
  let destroyed = false;
  const engine = Object.assign(Object.create(inner) as Engine, {
    kind: 'webgpu' as const,
    label: 'WebGPU · fake',
    step: async (request: Parameters<Engine['step']>[0]) => {
      steps += 1;
      if (steps >= failAt) throw new Error('GPU device lost: fake');
      return inner.step(request);
    },
    onLost(callback: (reason: string) => void) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    destroy() {
      destroyed = true;
      inner.destroy();
    },
  });
  return {
    engine,
    lose: (reason: string) => {
      for (const listener of listeners) listener(reason);
    },
    get destroyed() {
      return destroyed;
    },
    get listeners() {
      return listeners.size;
    },
  };
}

type Of<T extends TrainingResponse['type']> = Extract<TrainingResponse, { type: T }>;

function withGpu(gpu: ReturnType<typeof flakyGpu>) {
  return harness({
    createEngine: async () => ({
      engine: gpu.engine,
      info: { kind: 'webgpu', label: 'WebGPU · fake', reason: null },
    }),
  });
}

describe('falling back to the CPU', () => {
  it('moves a failing WebGPU step to the CPU, resuming from the last snapshot', async () => {
    const gpu = flakyGpu(8);
    const h = withGpu(gpu);
    const ready = (
      await h.send({ type: 'configure', settings: { ...SPIRAL, snapshotEvery: 5 } })
    )[0] as Of<'ready'>;
    expect(ready.engine.kind).toBe('webgpu');
    for (let i = 0; i < 7; i++) await h.send({ type: 'step' });
    const replies = await h.send({ type: 'step' });
    const fallback = h.events('fallback') as Of<'fallback'>[];
    expect(fallback).toHaveLength(1);
    expect(fallback[0]).toMatchObject({
      from: { kind: 'webgpu' },
      to: { kind: 'cpu', label: 'CPU' },
      resumedStep: 5,
      reason: 'the GPU device was lost during a step (GPU device lost: fake)',
    });
    expect(replies[0]).toMatchObject({ type: 'stepped', report: { step: 6 } });
    expect(gpu.destroyed).toBe(true);
  });

  it('resumes the same curve on the CPU: steps 6.. match a CPU-only run (SGD keeps no state)', async () => {
    const sgd = { ...SPIRAL, optimizer: { kind: 'sgd' as const, lr: 0.2 }, snapshotEvery: 5 };
    const reference = harness();
    await reference.send({ type: 'configure', settings: sgd });
    const losses: (number | undefined)[] = [];
    for (let i = 0; i < 9; i++) {
      const [reply] = await reference.send({ type: 'step' });
      losses.push(reply?.type === 'stepped' ? reply.report.loss : undefined);
    }
    const h = withGpu(flakyGpu(8));
    await h.send({ type: 'configure', settings: sgd });
    for (let i = 0; i < 7; i++) await h.send({ type: 'step' });
    const resumed: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const [reply] = await h.send({ type: 'step' });
      resumed.push(reply?.type === 'stepped' ? reply.report.loss : undefined);
    }
    expect(resumed).toEqual(losses.slice(5, 9));
  });

  it('falls back between two steps when the device is lost, and the run goes on', async () => {
    const gpu = flakyGpu();
    const h = withGpu(gpu);
    await h.send({ type: 'configure', settings: { ...SPIRAL, snapshotEvery: 10 } });
    expect(gpu.listeners).toBe(1);
    const run = h.start({ type: 'run', maxSteps: 40, stepsPerSecond: 250 });
    await until(() => h.events('progress').length > 0);
    gpu.lose('driver reset');
    await run.done;
    expect(h.events('error')).toEqual([]);
    const fallback = h.events('fallback') as Of<'fallback'>[];
    expect(fallback).toHaveLength(1);
    expect(fallback[0]?.reason).toBe('the GPU device was lost: driver reset');
    expect(gpu.listeners).toBe(0);
    expect(h.messages.find((m) => m.id === run.id)).toMatchObject({ type: 'stopped', reason: 'max-steps' });
    const [reply] = await h.send({ type: 'step' });
    expect(reply?.type).toBe('stepped');
  });

  it('falls back at once when the device is lost while idle', async () => {
    const gpu = flakyGpu();
    const h = withGpu(gpu);
    await h.send({ type: 'configure', settings: { ...SPIRAL, snapshotEvery: 3 } });
    for (let i = 0; i < 4; i++) await h.send({ type: 'step' });
    gpu.lose('GPU process crashed');
    await until(() => h.events('fallback').length > 0);
    expect(h.events('fallback')[0]).toMatchObject({ resumedStep: 3, to: { kind: 'cpu' } });
    expect((await h.send({ type: 'step' }))[0]).toMatchObject({ type: 'stepped', report: { step: 4 } });
  });

  it('uses the CPU when WebGPU cannot set up the model, and says why', async () => {
    const gpu = flakyGpu();
    gpu.engine.configure = () => Promise.reject(new Error('out of memory'));
    const ready = (await withGpu(gpu).send({ type: 'configure', settings: SPIRAL }))[0] as Of<'ready'>;
    expect(ready.engine).toEqual({
      kind: 'cpu',
      label: 'CPU',
      reason: 'WebGPU failed to set up this model: out of memory',
    });
  });

  it('asks for a new device after a loss and hands the run back to WebGPU, losing no step', async () => {
    const gpu = flakyGpu();
    const h = harness({
      createEngine: async () => ({
        engine: gpu.engine,
        info: { kind: 'webgpu', label: 'WebGPU · fake', reason: null },
      }),
      reacquireAfterLoss: true,
    });
    await h.send({ type: 'configure', settings: { ...SPIRAL, snapshotEvery: 3 } });
    for (let i = 0; i < 4; i++) await h.send({ type: 'step' });
    gpu.lose('destroyed by a test');
    await until(() => h.events('engine').length > 0);
    expect(h.events('fallback')[0]).toMatchObject({ resumedStep: 3, to: { kind: 'cpu' } });
    expect(h.events('engine')[0]).toMatchObject({
      from: { kind: 'cpu' },
      to: { kind: 'webgpu', reason: 'a new GPU device, after the last one was lost' },
      resumedStep: 3,
    });
    expect(gpu.listeners).toBe(1);
    expect((await h.send({ type: 'step' }))[0]).toMatchObject({ type: 'stepped', report: { step: 4 } });
  });
});
