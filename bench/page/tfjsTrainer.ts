/**
 * TensorFlow.js as the benchmark's yardstick: the same MLP as a plain dense network (no `tf.layers`,
 * no `model.fit`), trained by `optimizer.minimize` with mean softmax cross-entropy and plain SGD.
 *
 * The fairest TF.js we know how to write: every batch is uploaded once before timing (our engines also
 * hold the data set on the device), hidden layers use `tf.fused.matMul` so bias and ReLU ride in the
 * matmul kernel as `tf.layers.dense` does, and one-hot labels are built as float32 so no cast runs per
 * step.
 */
import * as tf from '@tensorflow/tfjs';
import { paramLayout } from '../../src/nn/spec';
import type { Trainer, TrainerSetup } from './trainer';

export type TfjsBackend = 'webgpu' | 'webgl' | 'cpu';

async function selectBackend(backend: TfjsBackend): Promise<void> {
  // The WebGPU backend is a separate package that registers itself on import.
  if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js could not start its ${backend} backend`);
  await tf.ready();
}

/** Our W is out × in (row-major, PyTorch's layout); a TF.js dense kernel is in × out. */
function kernelFrom(init: Float32Array, offset: number, inWidth: number, outWidth: number): Float32Array {
  const kernel = new Float32Array(inWidth * outWidth);
  for (let o = 0; o < outWidth; o++) {
    for (let i = 0; i < inWidth; i++) kernel[i * outWidth + o] = init[offset + o * inWidth + i] as number;
  }
  return kernel;
}

function batchTensors({ data }: TrainerSetup, rows: Uint32Array): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const { dataset } = data;
  const x = new Float32Array(rows.length * dataset.features);
  const y = new Float32Array(rows.length * dataset.classes);
  rows.forEach((row, r) => {
    x.set(dataset.x.subarray(row * dataset.features, (row + 1) * dataset.features), r * dataset.features);
    y[r * dataset.classes + (dataset.y[row] as number)] = 1;
  });
  return {
    x: tf.tensor2d(x, [rows.length, dataset.features]),
    y: tf.tensor2d(y, [rows.length, dataset.classes]),
  };
}

/** A variable holding a copy of `values`; the staging tensor is freed so only the variable remains. */
function variableOf(values: Float32Array, shape: [number] | [number, number]): tf.Variable {
  const staging = tf.tensor(values, shape);
  const variable = tf.variable(staging);
  staging.dispose();
  return variable;
}

export async function createTfjsTrainer(backend: TfjsBackend, setup: TrainerSetup): Promise<Trainer> {
  await selectBackend(backend);
  const { config, init } = setup;
  const { slots } = paramLayout(config.model);
  const layers = slots.map((slot) => ({
    kernel: variableOf(kernelFrom(init, slot.weight, slot.in, slot.out), [slot.in, slot.out]),
    bias: variableOf(init.slice(slot.bias, slot.bias + slot.out), [slot.out]),
  }));
  const variables = layers.flatMap((layer) => [layer.kernel, layer.bias]);
  const batches = setup.data.batches.map((rows) => batchTensors(setup, rows));
  const optimizer = tf.train.sgd(config.lr);
  const tanh = config.model.activation === 'tanh';

  const loss = (batch: number) => (): tf.Scalar => {
    const tensors = batches[batch];
    if (!tensors) throw new RangeError(`no batch ${batch}`);
    let h: tf.Tensor = tensors.x;
    layers.forEach(({ kernel, bias }, l) => {
      const hidden = l + 1 < layers.length;
      const activation = hidden && !tanh ? 'relu' : 'linear';
      h = tf.fused.matMul({ a: h, b: kernel, bias, activation });
      if (hidden && tanh) h = tf.tanh(h);
    });
    return tf.losses.softmaxCrossEntropy(tensors.y, h);
  };

  const readAndDispose = async (cost: tf.Scalar | null): Promise<number> => {
    if (!cost) throw new Error('TF.js returned no loss');
    const [value] = await cost.data();
    cost.dispose();
    return value as number;
  };

  return {
    label: `TF.js ${tf.version.tfjs} · ${tf.getBackend()}`,
    async step(batch, readLoss) {
      if (!readLoss) {
        // Queued, not awaited: TF.js runs the kernels when the backend gets to them.
        optimizer.minimize(loss(batch), false, variables);
        return undefined;
      }
      return readAndDispose(optimizer.minimize(loss(batch), true, variables));
    },
    async finalStep(batch) {
      if (backend !== 'cpu') {
        // GPU backends: dispatches and submits are counted on the WebGPU/WebGL API instead.
        return {
          loss: await readAndDispose(optimizer.minimize(loss(batch), true, variables)),
          dispatches: null,
          submits: null,
        };
      }
      // The profiler records every kernel the step runs: the CPU backend's "dispatches".
      let cost: tf.Scalar | null = null;
      const profile = await tf.profile(() => {
        cost = optimizer.minimize(loss(batch), true, variables);
        return [];
      });
      return {
        loss: await readAndDispose(cost),
        dispatches: profile.kernels.length,
        submits: null,
      };
    },
    destroy() {
      for (const { x, y } of batches) tf.dispose([x, y]);
      tf.dispose(variables);
      optimizer.dispose();
    },
  };
}
