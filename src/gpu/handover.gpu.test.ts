/**
 * Handing training over between engines: `readState` → `writeState` carries GPU 0's parameters and
 * the optimizer's state exactly, so k steps on one engine and the rest on the other train like one
 * engine throughout (CPU → WebGPU, as when WebGPU takes over after compiling, and back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OptimizerSpec } from '../nn/spec';
import { createCpuEngine } from '../train/cpuEngine';
import type { Engine, EngineConfig } from '../train/engine';
import { createGpuEngine, type GpuEngine } from './gpuEngine';
import { configFor, randomDataset, randomRows, testDevice, worstError } from './testing/fixtures';

let device: GPUDevice;
let gpu: GpuEngine;
beforeAll(async () => {
  device = await testDevice();
  gpu = await createGpuEngine(device);
});
afterAll(() => {
  gpu.destroy();
  device.destroy();
});

const dataset = randomDataset(300, 5, 3, 21);
const OPTIMIZERS: OptimizerSpec[] = [
  { kind: 'sgd', lr: 0.1 },
  { kind: 'momentum', lr: 0.05, momentum: 0.9 },
  { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
];
const STEPS = 6;
const HANDOVER_AT = 3;
const rowsOf = (t: number): Uint32Array => randomRows(t % 2 === 0 ? 40 : 13, dataset.count, 300 + t);

async function train(engine: Engine, from: number, to: number): Promise<void> {
  for (let t = from; t < to; t++) await engine.step({ rows: rowsOf(t), readLoss: false });
}

describe.each(OPTIMIZERS)('handing $kind training over', (optimizer) => {
  const config: EngineConfig = configFor(dataset, {
    gpus: 3,
    model: { layers: [5, 11, 3], activation: 'relu' },
    optimizer,
    maxBatch: 40,
  });

  it('round-trips the state exactly on the WebGPU engine', async () => {
    await gpu.configure(config);
    await train(gpu, 0, 2);
    const state = await gpu.readState();
    expect(state.optimizer.t).toBe(2);
    expect(state.optimizer.buffers).toHaveLength({ sgd: 0, momentum: 1, adam: 2 }[optimizer.kind]);
    const changed = {
      params: state.params.map((p, k) => p + 0.01 * Math.cos(k)),
      optimizer: { t: 7, buffers: state.optimizer.buffers.map((b) => b.map((v, k) => v + 1e-3 * k)) },
    };
    await gpu.writeState(changed);
    const back = await gpu.readState();
    expect(Array.from(back.params)).toEqual(Array.from(changed.params));
    expect(back.optimizer.t).toBe(7);
    for (const [i, buffer] of back.optimizer.buffers.entries())
      expect(Array.from(buffer)).toEqual(Array.from(changed.optimizer.buffers[i] ?? []));
    await expect(gpu.writeState({ ...changed, params: new Float32Array(3) })).rejects.toThrow(/parameters/);
  });

  it.each([
    ['CPU → WebGPU', true],
    ['WebGPU → CPU', false],
  ])('%s mid-run trains like the CPU engine throughout', async (_, cpuFirst) => {
    const reference = createCpuEngine();
    await reference.configure(config);
    await train(reference, 0, STEPS);

    const cpu = createCpuEngine();
    await Promise.all([cpu.configure(config), gpu.configure(config)]);
    const [first, second] = cpuFirst ? [cpu, gpu] : [gpu, cpu];
    await train(first, 0, HANDOVER_AT);
    await second.writeState(await first.readState());
    await train(second, HANDOVER_AT, STEPS);

    const expected = await reference.readState();
    const actual = await second.readState();
    const worst = worstError(actual.params, expected.params, 0, 1e-5);
    expect(worst.ratio, JSON.stringify(worst)).toBeLessThanOrEqual(1);
    expect(actual.optimizer.t).toBe(STEPS);
    for (const [i, buffer] of actual.optimizer.buffers.entries()) {
      const off = worstError(buffer, expected.optimizer.buffers[i] ?? [], 0, 1e-5);
      expect(off.ratio, `buffer ${i}: ${JSON.stringify(off)}`).toBeLessThanOrEqual(1);
    }
  });
});
