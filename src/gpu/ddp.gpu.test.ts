/**
 * DistributedDataParallel on the WebGPU engine against the CPU engine's DDP step (the oracle): the
 * averaged gradient on every rank, identical weights on every rank after the step, DDP = DP with
 * equal chunks, the ring's values round by round, and switching modes mid-run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuEngine } from '../train/cpuEngine';
import type { EngineConfig } from '../train/engine';
import { createGpuEngine, type GpuEngine } from './gpuEngine';
import { configFor, randomDataset, randomRows, testDevice, worstError } from './testing/fixtures';

let device: GPUDevice;
let engine: GpuEngine;
beforeAll(async () => {
  device = await testDevice();
  engine = await createGpuEngine(device);
});
afterAll(() => {
  engine.destroy();
  device.destroy();
});

const dataset = randomDataset(600, 5, 3, 17);
const base: EngineConfig = configFor(dataset, {
  gpus: 1,
  mode: 'ddp',
  model: { layers: [5, 12, 7, 3], activation: 'relu' },
  optimizer: { kind: 'momentum', lr: 0.05, momentum: 0.9 },
  maxBatch: 256,
});
const within = (actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, abs = 1e-5): void => {
  const worst = worstError(actual, expected, 0, abs);
  expect(worst.ratio, `${what}: ${JSON.stringify(worst)}`).toBeLessThanOrEqual(1);
};

const GRID = [1, 2, 3, 4, 8].flatMap((gpus) => [1, 3, 10, 64, 256].map((batch) => ({ gpus, batch })));

describe('the WebGPU DDP step', () => {
  it('averages every rank’s gradient like the CPU DDP step, and leaves every rank with the same weights', async () => {
    const cpu = createCpuEngine();
    for (const { gpus, batch } of GRID) {
      const config = { ...base, gpus };
      await Promise.all([engine.configure(config), cpu.configure(config)]);
      const rows = randomRows(batch, dataset.count, gpus * 1000 + batch);
      await Promise.all([engine.step({ rows, readLoss: false }), cpu.step({ rows, readLoss: false })]);
      const ranks = cpu.inspectDevices();
      const rank0 = await engine.readRegion(0, 'params');
      for (let r = 0; r < gpus; r++) {
        const what = `N=${gpus} B=${batch} rank ${r}`;
        within(await engine.readRegion(r, 'grad'), ranks[r]?.grad ?? [], `${what} averaged gradient`);
        const params = await engine.readRegion(r, 'params');
        expect(Array.from(params), `${what} weights equal rank 0's`).toEqual(Array.from(rank0));
        within(params, ranks[r]?.params ?? [], `${what} weights`);
      }
    }
  }, 300_000);

  it('equals DataParallel’s gradient when the chunks are equal', async () => {
    const dp = await createGpuEngine(device);
    for (const [gpus, batch] of [
      [2, 64],
      [4, 256],
      [8, 64],
      [3, 3],
    ] as const) {
      const rows = randomRows(batch, dataset.count, batch + gpus);
      await Promise.all([engine.configure({ ...base, gpus }), dp.configure({ ...base, gpus, mode: 'dp' })]);
      await Promise.all([
        engine.step({ rows, readLoss: false, update: false }),
        dp.step({ rows, readLoss: false, update: false }),
      ]);
      within(await engine.readRegion(0, 'grad'), await dp.readRegion(0, 'gradSum'), `N=${gpus} B=${batch}`);
    }
    dp.destroy();
  });

  it('shows the ring round by round with the CPU engine’s numbers', async () => {
    const config = { ...base, gpus: 4 };
    const cpu = createCpuEngine();
    await Promise.all([engine.configure(config), cpu.configure(config)]);
    const request = { rows: randomRows(10, dataset.count, 5), readLoss: true, detail: { weight: 3 } };
    const [gpu, ref] = await Promise.all([engine.step(request), cpu.step(request)]);
    const [a, b] = [gpu.detail?.ddp, ref.detail?.ddp];
    if (a === undefined || b === undefined) throw new Error('no DDP detail');
    expect(a.ringValues).toHaveLength(6);
    within(a.ringValues.flat(), b.ringValues.flat(), 'ring values');
    within(a.ringStart, b.ringStart, 'ring start');
    within(a.localGrads, b.localGrads, 'local gradients');
    within(a.averagedGrads, b.averagedGrads, 'averaged gradients');
    expect(a.followedSegment).toBe(b.followedSegment);
    expect(a.ranksIdentical).toBe(true);
    expect(a.chunkSizes).toEqual(b.chunkSizes);
    within(
      [a.fullBatchGrad, a.largestDifferenceFromFullBatch],
      [b.fullBatchGrad, b.largestDifferenceFromFullBatch],
      'vs full batch',
    );
    within(a.rankLosses as number[], b.rankLosses as number[], 'rank losses');
    within([gpu.loss ?? Number.NaN], [ref.loss ?? Number.NaN], 'loss');
  });

  it('switches modes mid-run like the CPU engine, compiling nothing once ready', async () => {
    const config = {
      ...base,
      gpus: 3,
      mode: 'dp' as const,
      optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const,
    };
    const cpu = createCpuEngine();
    await Promise.all([engine.configure(config), cpu.configure(config)]);
    await engine.ready();
    const compiled = engine.stats().pipelinesCompiled;
    for (let t = 0; t < 6; t++) {
      if (t === 2) await Promise.all([engine.setMode('ddp'), cpu.setMode('ddp')]);
      if (t === 4) await Promise.all([engine.setMode('dp'), cpu.setMode('dp')]);
      const request = { rows: randomRows(t % 2 === 0 ? 10 : 64, dataset.count, 70 + t), readLoss: false };
      await Promise.all([engine.step(request), cpu.step(request)]);
    }
    const [a, b] = [await engine.readState(), await cpu.readState()];
    within(a.params, b.params, 'parameters');
    for (const [i, buffer] of a.optimizer.buffers.entries())
      within(buffer, b.optimizer.buffers[i] ?? [], `state ${i}`);
    expect(engine.stats().pipelinesCompiled).toBe(compiled);
  });
});
