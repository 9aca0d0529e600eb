import { describe, expect, it } from 'vitest';
import { paramLayout } from '../nn/spec';
import {
  activationBytes,
  backwardFlops,
  backwardKernels,
  forwardFlops,
  forwardKernels,
  layerBackwardFlops,
  optimizerStateSlots,
  optimizerWork,
} from './work';

// 3 → 4 → 2: W0 is 4×3, W1 is 2×4.
const LAYOUT = paramLayout({ layers: [3, 4, 2], activation: 'relu' });

describe('work of an MLP step', () => {
  it('counts forward FLOPs: 2 per multiply-add, plus biases and activations', () => {
    // Per row: 2·(12 + 8) matmul + (4 + 2) bias + 4 ReLU = 50.
    expect(forwardFlops(LAYOUT, 1)).toBe(50);
    expect(forwardFlops(LAYOUT, 10)).toBe(500);
  });

  it('counts backward FLOPs layer by layer, with no input gradient for the first layer', () => {
    // Layer 1: weight grad 2·8, input grad 2·8 + 4 activation derivatives, bias 2 → 38.
    expect(layerBackwardFlops(LAYOUT, 1, 1)).toBe(38);
    // Layer 0: weight grad 2·12, bias 4 → 28.
    expect(layerBackwardFlops(LAYOUT, 0, 1)).toBe(28);
    expect(backwardFlops(LAYOUT, 3)).toBe(3 * 66);
  });

  it('counts the kernels eager PyTorch launches', () => {
    expect(forwardKernels(LAYOUT)).toBe(3);
    expect(backwardKernels(LAYOUT)).toBe(6);
  });

  it('keeps the hidden activations and the scores for backward', () => {
    expect(activationBytes(LAYOUT, 5)).toBe(5 * 4 * (4 + 2));
  });

  it('sizes optimizer state and work by the update rule', () => {
    expect([
      optimizerStateSlots('sgd'),
      optimizerStateSlots('momentum'),
      optimizerStateSlots('adam'),
    ]).toEqual([0, 1, 2]);
    expect(optimizerWork('sgd', 100).bytes).toBeLessThan(optimizerWork('momentum', 100).bytes);
    expect(optimizerWork('momentum', 100).bytes).toBeLessThan(optimizerWork('adam', 100).bytes);
  });
});
