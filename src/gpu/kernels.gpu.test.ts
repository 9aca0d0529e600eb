/**
 * Every kernel against the CPU reference, read from the logical GPUs' own regions after a real step:
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
import { configFor, pickRows, randomDataset, randomRows, testDevice, worstError } from './testing/fixtures';

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

describe.each<Activation>(['relu', 'tanh'])('kernels of a %s model on 3 GPUs, batch 10 (chunks 4, 4, 2)', (activation) => {
  const model: ModelSpec = { layers: [5, 7, 6, 3], activation };
  const dataset = randomDataset(40, 5, 3, 11);
  const rows = randomRows(10, dataset.count, 3);
  const sizes = chunkSizes(10, 3);
  const params = initParams(model, 7);
  const { slots } = paramLayout(model);
  const classes = 3;
  const chunks = sizes.map((n, d) => rows.subarray(d * 4, d * 4 + n));

  beforeAll(async () => {
    await engine.configure(configFor(dataset, { gpus: 3, model, maxBatch: 16 }));
    await engine.step({ rows, readLoss: false, update: false });
  });

  it('scatters each chunk into its GPU and replicates the originals onto every busy GPU', async () => {
    for (const [d, chunk] of chunks.entries()) {
      const input = await engine.readRegion(d, 'act0');
      expect(Array.from(input.subarray(0, chunk.length * 5))).toEqual(Array.from(pickRows(dataset.x, chunk, 5)));
      expect(Array.from(await engine.readRegion(d, 'params'))).toEqual(Array.from(params));
    }
    const targets = await engine.readRegion(0, 'targets');
    expect(Array.from(targets.subarray(0, 10))).toEqual(Array.from(rows, (r) => dataset.y[r] as number));
  });

  it('runs forward layer by layer per replica as the CPU does', async () => {
    for (const [d, chunk] of chunks.entries()) {
      const pass = forward(model, params, pickRows(dataset.x, chunk, 5), chunk.length);
      for (let l = 1; l < slots.length; l++) {
        const act = await engine.readRegion(d, `act${l}`);
        close(act.subarray(0, pass.activations[l]?.length ?? 0), pass.activations[l] ?? [], `GPU ${d} hidden ${l}`);
      }
      const outputs = await engine.readRegion(d, 'outputs');
      close(outputs.subarray(0, pass.logits.length), pass.logits, `GPU ${d} outputs`);
    }
  });

  it('gathers in chunk order, computes the loss and its gradient on GPU 0, and slices it back', async () => {
    const pass = forward(model, params, pickRows(dataset.x, rows, 5), 10);
    const targets = new Uint32Array(Array.from(rows, (r) => dataset.y[r] as number));
    const reference = softmaxCrossEntropy(pass.logits, targets, 10, classes);
    close((await engine.readRegion(0, 'gathered')).subarray(0, 30), pass.logits, 'gathered');
    close((await engine.readRegion(0, 'gatheredGrad')).subarray(0, 30), reference.dlogits, 'dlogits');
    close(await engine.readRegion(0, 'loss'), [reference.loss], 'loss');
    for (const [d, n] of sizes.entries()) {
      const slice = (await engine.readRegion(d, 'outputGrad')).subarray(0, n * classes);
      close(slice, reference.dlogits.subarray(d * 4 * classes, (d * 4 + n) * classes), `GPU ${d} output grad`);
    }
  });

  it('runs backward per replica: weight, bias and input gradients', async () => {
    const targets = new Uint32Array(Array.from(rows, (r) => dataset.y[r] as number));
    const full = forward(model, params, pickRows(dataset.x, rows, 5), 10);
    const { dlogits } = softmaxCrossEntropy(full.logits, targets, 10, classes);
    for (const [d, chunk] of chunks.entries()) {
      const n = chunk.length;
      const pass = forward(model, params, pickRows(dataset.x, chunk, 5), n);
      const dy = dlogits.slice(d * 4 * classes, (d * 4 + n) * classes);
      close(await engine.readRegion(d, 'grad'), backward(model, params, pass, dy, n), `GPU ${d} gradient`);
      // The input gradients: layer 2's lands in deltaA, layer 1's in deltaB (the ping-pong order).
      const dx2 = inputGradient(params, slots[2], pass.activations[2], dy, n, activation);
      const dx1 = inputGradient(params, slots[1], pass.activations[1], dx2, n, activation);
      close((await engine.readRegion(d, 'deltaA')).subarray(0, n * 6), dx2, `GPU ${d} input grad of layer 2`);
      close((await engine.readRegion(d, 'deltaB')).subarray(0, n * 7), dx1, `GPU ${d} input grad of layer 1`);
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
});
