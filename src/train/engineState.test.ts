/**
 * The CPU engine's side of the state hand-over (`readState` / `writeState`): exact round trips, and a
 * run split across two engines that equals one engine's run bit for bit. The WebGPU side, and the
 * hand-over between the two engines, is tested in `src/gpu/handover.gpu.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import type { OptimizerSpec } from '../nn/spec';
import { seededRandom } from '../random/seeded';
import { createCpuEngine } from './cpuEngine';
import type { Dataset, Engine, EngineConfig } from './engine';

function dataset(count: number, seed: number): Dataset {
  const random = seededRandom(seed);
  const x = Float32Array.from({ length: count * 3 }, () => random.normal());
  const y = Uint32Array.from({ length: count }, () => random.int(0, 1));
  return { x, y, count, features: 3, classes: 2 };
}

const data = dataset(120, 4);
const rowsOf = (t: number): Uint32Array => {
  const random = seededRandom(50 + t);
  return Uint32Array.from({ length: t % 2 === 0 ? 24 : 7 }, () => random.int(0, data.count - 1));
};
const train = async (engine: Engine, from: number, to: number): Promise<void> => {
  for (let t = from; t < to; t++) await engine.step({ rows: rowsOf(t), readLoss: false });
};

const OPTIMIZERS: OptimizerSpec[] = [
  { kind: 'sgd', lr: 0.1 },
  { kind: 'momentum', lr: 0.05, momentum: 0.9 },
  { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
];

describe.each(OPTIMIZERS)('CPU engine state ($kind)', (optimizer) => {
  const config: EngineConfig = {
    gpus: 3,
    model: { layers: [3, 6, 2], activation: 'tanh' },
    optimizer,
    seed: 2,
    dataset: data,
    maxBatch: 24,
  };

  it('reads copies and writes them back exactly', async () => {
    const engine = createCpuEngine();
    await engine.configure(config);
    await train(engine, 0, 2);
    const state = await engine.readState();
    expect(state.optimizer.t).toBe(2);
    expect(state.optimizer.buffers).toHaveLength({ sgd: 0, momentum: 1, adam: 2 }[optimizer.kind]);
    const changed = {
      params: state.params.map((p, k) => p - 0.02 * Math.sin(k)),
      optimizer: { t: 5, buffers: state.optimizer.buffers.map((b) => b.map((v, k) => v + k)) },
    };
    await engine.writeState(changed);
    // The engine keeps no reference to what it was given, and hands out copies.
    changed.params.fill(0);
    const back = await engine.readState();
    expect(back.params.some((p) => p !== 0)).toBe(true);
    back.params.fill(9);
    expect((await engine.readState()).params.some((p) => p === 9)).toBe(false);
    expect((await engine.readState()).optimizer.t).toBe(5);
  });

  it('continues a run on another engine exactly as one engine would', async () => {
    const whole = createCpuEngine();
    await whole.configure(config);
    await train(whole, 0, 6);
    const first = createCpuEngine();
    const second = createCpuEngine();
    await Promise.all([first.configure(config), second.configure(config)]);
    await train(first, 0, 2);
    await second.writeState(await first.readState());
    await train(second, 2, 6);
    const [expected, actual] = [await whole.readState(), await second.readState()];
    expect(Array.from(actual.params)).toEqual(Array.from(expected.params));
    expect(actual.optimizer.buffers.map((b) => Array.from(b))).toEqual(
      expected.optimizer.buffers.map((b) => Array.from(b)),
    );
    expect(actual.optimizer.t).toBe(6);
  });

  it('rejects a state that does not fit the configuration', async () => {
    const engine = createCpuEngine();
    await engine.configure(config);
    const state = await engine.readState();
    await expect(engine.writeState({ ...state, params: new Float32Array(2) })).rejects.toThrow(/parameters/);
    const wrongCount = {
      ...state,
      optimizer: { t: 1, buffers: [...state.optimizer.buffers, new Float32Array(1)] },
    };
    await expect(engine.writeState(wrongCount)).rejects.toThrow(/state buffers/);
    await expect(engine.writeState({ ...state, optimizer: { ...state.optimizer, t: -1 } })).rejects.toThrow(
      /step count/,
    );
    expect(engine.stats().pipelinesCompiled).toBe(0);
  });
});
