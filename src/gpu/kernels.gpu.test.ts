/**
 * Every kernel, in each tile (single-value, small and blocked), against the CPU reference, read from
 * the logical GPUs' own regions after a real step:
 * scatter, replicate, forward per layer (matmul + activation), gather, loss and its gradient, gather's
 * backward, backward per layer (weights, biases, input gradients), reduce-add.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkSizes } from '../dp/chunk';
import { backward } from '../nn/cpu/backward';
import { forward } from '../nn/cpu/forward';
import { softmaxCrossEntropy } from '../nn/cpu/loss';
import { initParams } from '../nn/init';
import { type Activation, type LayerSlot, type ModelSpec, paramLayout } from '../nn/spec';
import { createGpuEngine, type GpuEngine } from './gpuEngine';
import type { KernelTier } from './setup';
import { configFor, pickRows, randomDataset, randomRows, testDevice, worstError } from './testing/fixtures';

let device: GPUDevice;
const engines = new Map<KernelTier, GpuEngine>();
beforeAll(async () => {
  device = await testDevice();
  for (const tier of ['single', 'small', 'blocked'] as const)
    engines.set(tier, await createGpuEngine(device, { kernels: tier }));
});
afterAll(() => {
  for (const engine of engines.values()) engine.destroy();
  device.destroy();
});

const close = (actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void => {
  const worst = worstError(actual, expected);
  expect(worst.ratio, `${what}: worst ${JSON.stringify(worst)}`).toBeLessThanOrEqual(1);
};

/** ∂loss/∂(pre-activation of the layer below): (dy · W) ⊙ act'(x), in float64 — the test's own oracle. */
function inputGradient(
  params: Float32Array,
  slot: LayerSlot | undefined,
  x: Float32Array | undefined,
  dy: Float32Array,
  rows: number,
  activation: Activation,
): Float32Array {
  if (slot === undefined || x === undefined) throw new Error('no such layer');
  const dx = new Float32Array(rows * slot.in);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < slot.in; i++) {
      let sum = 0;
      for (let o = 0; o < slot.out; o++) {
        sum += (dy[r * slot.out + o] as number) * (params[slot.weight + o * slot.in + i] as number);
      }
      const xi = x[r * slot.in + i] as number;
      dx[r * slot.in + i] = activation === 'relu' ? (xi > 0 ? sum : 0) : sum * (1 - xi * xi);
    }
  }
  return dx;
}

type Case = { activation: Activation; layers: number[]; gpus: number; batch: number };

// Widths that are not multiples of the kernels' 8-wide blocks (ragged blocks, reduction tails), and a
// batch whose chunks span several row segments of the weight-gradient sums.
const CASES: Case[] = [
  { activation: 'relu', layers: [5, 7, 6, 3], gpus: 3, batch: 10 },
  { activation: 'tanh', layers: [5, 7, 6, 3], gpus: 3, batch: 10 },
  { activation: 'relu', layers: [10, 13, 9, 3], gpus: 2, batch: 300 },
  { activation: 'tanh', layers: [3, 17, 2], gpus: 4, batch: 37 },
  { activation: 'relu', layers: [6, 16, 24, 4], gpus: 4, batch: 10 },
];

const TIERED_CASES = (['single', 'small', 'blocked'] as const).flatMap((tier) =>
  CASES.map((c) => ({ ...c, tier })),
);

describe.each(TIERED_CASES)(
  '$tier kernels of $layers $activation on $gpus GPUs, batch $batch',
  ({ activation, layers, gpus, batch, tier }) => {
    let engine: GpuEngine;
    const model: ModelSpec = { layers, activation };
    const features = layers[0] as number;
    const classes = layers[layers.length - 1] as number;
    const dataset = randomDataset(400, features, classes, 11);
    const rows = randomRows(batch, dataset.count, 3);
    const sizes = chunkSizes(batch, gpus);
    const size = sizes[0] as number;
    const params = initParams(model, 7);
    const { slots } = paramLayout(model);
    const chunks = sizes.map((n, d) => rows.subarray(d * size, d * size + n));
    const targets = new Uint32Array(Array.from(rows, (r) => dataset.y[r] as number));

    beforeAll(async () => {
      const pinned = engines.get(tier);
      if (pinned === undefined) throw new Error(`no ${tier} engine`);
      engine = pinned;
      await engine.configure(configFor(dataset, { gpus, model, maxBatch: 512 }));
      await engine.step({ rows, readLoss: false, update: false });
      // Compiling a new shape's kernels takes tens of seconds on a busy machine's software GPU.
    }, 120_000);

    it('scatters each chunk into its GPU and replicates the originals onto every busy GPU', async () => {
      for (const [d, chunk] of chunks.entries()) {
        const input = await engine.readRegion(d, 'act0');
        expect(Array.from(input.subarray(0, chunk.length * features))).toEqual(
          Array.from(pickRows(dataset.x, chunk, features)),
        );
        expect(Array.from(await engine.readRegion(d, 'params'))).toEqual(Array.from(params));
      }
      const onGpu0 = await engine.readRegion(0, 'targets');
      expect(Array.from(onGpu0.subarray(0, batch))).toEqual(Array.from(targets));
    });

    it('runs forward layer by layer per replica as the CPU does', async () => {
      for (const [d, chunk] of chunks.entries()) {
        const pass = forward(model, params, pickRows(dataset.x, chunk, features), chunk.length);
        for (let l = 1; l < slots.length; l++) {
          const act = await engine.readRegion(d, `act${l}`);
          close(
            act.subarray(0, pass.activations[l]?.length ?? 0),
            pass.activations[l] ?? [],
            `GPU ${d} hidden ${l}`,
          );
        }
        const outputs = await engine.readRegion(d, 'outputs');
        close(outputs.subarray(0, pass.logits.length), pass.logits, `GPU ${d} outputs`);
      }
    });

    it('gathers in chunk order, computes the loss and its gradient on GPU 0, and slices it back', async () => {
      const pass = forward(model, params, pickRows(dataset.x, rows, features), batch);
      const reference = softmaxCrossEntropy(pass.logits, targets, batch, classes);
      close((await engine.readRegion(0, 'gathered')).subarray(0, batch * classes), pass.logits, 'gathered');
      close(
        (await engine.readRegion(0, 'gatheredGrad')).subarray(0, batch * classes),
        reference.dlogits,
        'dlogits',
      );
      const parts = await engine.readRegion(0, 'loss');
      close([parts.reduce((sum, part) => sum + part, 0)], [reference.loss], 'loss (sum of its parts)');
      for (const [d, n] of sizes.entries()) {
        const slice = (await engine.readRegion(d, 'outputGrad')).subarray(0, n * classes);
        close(
          slice,
          reference.dlogits.subarray(d * size * classes, (d * size + n) * classes),
          `GPU ${d} output grad`,
        );
      }
    });

    it('runs backward per replica: weight, bias and input gradients', async () => {
      const full = forward(model, params, pickRows(dataset.x, rows, features), batch);
      const { dlogits } = softmaxCrossEntropy(full.logits, targets, batch, classes);
      for (const [d, chunk] of chunks.entries()) {
        const n = chunk.length;
        const pass = forward(model, params, pickRows(dataset.x, chunk, features), n);
        const dy = dlogits.slice(d * size * classes, (d * size + n) * classes);
        close(await engine.readRegion(d, 'grad'), backward(model, params, pass, dy, n), `GPU ${d} gradient`);
        // The layers' input gradients ping-pong: the last layer's lands in deltaA, the one below in deltaB, …
        let delta: Float32Array = dy;
        for (let l = slots.length - 1; l >= 1; l--) {
          delta = inputGradient(params, slots[l], pass.activations[l], delta, n, activation);
          const region = (slots.length - 1 - l) % 2 === 0 ? 'deltaA' : 'deltaB';
          close(
            (await engine.readRegion(d, region)).subarray(0, delta.length),
            delta,
            `GPU ${d} input grad of layer ${l}`,
          );
        }
      }
    });

    it('reduce-adds: GPU 0 holds the sum of the replica gradients', async () => {
      const sum = new Float32Array(params.length);
      for (let d = 0; d < sizes.length; d++) {
        const grad = await engine.readRegion(d, 'grad');
        for (let k = 0; k < sum.length; k++) sum[k] = (sum[k] as number) + (grad[k] as number);
      }
      close(await engine.readRegion(0, 'gradSum'), sum, 'summed gradient');
    });
  },
);
