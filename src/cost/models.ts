/**
 * Model sizes for the scaling views. The playground trains a tiny network, on which every multi-GPU
 * scheme is pure overhead; the same MLP shape at realistic widths shows when the GPUs' arithmetic
 * starts to matter and how communication then limits the gain.
 */
import type { ModelSpec } from '../nn/spec';

export type ScalingModel = { label: string; model: ModelSpec; batchPerGpu: number };

export type ScalingModelId = 'tiny' | 'small' | 'large';

export const SCALING_MODELS: Readonly<Record<ScalingModelId, ScalingModel>> = {
  // The playground's size: a few hundred parameters.
  tiny: {
    label: 'Tiny (the playground, 354 parameters)',
    model: { layers: [2, 16, 16, 2], activation: 'relu' },
    batchPerGpu: 32,
  },
  // An MNIST-sized MLP: about 0.67 M parameters, 2.6 MiB.
  small: {
    label: 'Small (784-512-512-10, 0.67 M parameters)',
    model: { layers: [784, 512, 512, 10], activation: 'relu' },
    batchPerGpu: 128,
  },
  // Wide layers: about 201 M parameters, 768 MiB of f32 weights.
  large: {
    label: 'Large (4096-8192-8192-8192-4096, 201 M parameters)',
    model: { layers: [4096, 8192, 8192, 8192, 4096], activation: 'relu' },
    batchPerGpu: 64,
  },
};
