/**
 * PyTorch's optimizer update rules (`torch.optim.SGD` with dampening 0 and no weight decay, and
 * `torch.optim.Adam`), applied in place to a flat parameter vector.
 */
import type { OptimizerSpec } from '../spec';

/**
 * Per-parameter optimizer state: `m` is SGD's momentum buffer or Adam's first moment, `v` Adam's
 * second moment, `t` the number of steps taken (Adam's bias correction needs it).
 */
export type OptimizerState = { t: number; m: Float32Array; v: Float32Array };

/**
 * Zeroed state for `count` parameters. Given the optimizer's `kind`, only the buffers that rule uses
 * are allocated (SGD keeps none, momentum one, Adam two), so a memory view shows what PyTorch really
 * keeps; without it both are allocated, which suits every rule.
 */
export function createOptimizerState(count: number, kind?: OptimizerSpec['kind']): OptimizerState {
  const m = kind === 'sgd' ? 0 : count;
  const v = kind === undefined || kind === 'adam' ? count : 0;
  return { t: 0, m: new Float32Array(m), v: new Float32Array(v) };
}

/** Forget all history (steps, momentum, moments) without reallocating. */
export function resetOptimizerState(state: OptimizerState): void {
  state.t = 0;
  state.m.fill(0);
  state.v.fill(0);
}

/**
 * One optimizer step on `params` from `grad` (`state.t` counts steps for every rule):
 * - SGD: p −= lr·g
 * - momentum: m = μ·m + g; p −= lr·m (PyTorch's form: the buffer starts as g, not (1−μ)·g)
 * - Adam: m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
 *   p −= lr · (m / (1−β1ᵗ)) / (sqrt(v / (1−β2ᵗ)) + eps)
 */
export function optimizerStep(
  optimizer: OptimizerSpec,
  params: Float32Array,
  grad: Float32Array,
  state: OptimizerState,
): void {
  const count = params.length;
  if (grad.length < count) throw new RangeError(`gradient has ${grad.length} of ${count} entries`);
  state.t += 1;
  if (optimizer.kind === 'sgd') {
    const { lr } = optimizer;
    for (let k = 0; k < count; k++) params[k] = (params[k] as number) - lr * (grad[k] as number);
    return;
  }
  const { m } = state;
  if (m.length < count || (optimizer.kind === 'adam' && state.v.length < count)) {
    throw new RangeError(`optimizer state too small for ${optimizer.kind} on ${count} parameters`);
  }
  if (optimizer.kind === 'momentum') {
    const { lr, momentum } = optimizer;
    for (let k = 0; k < count; k++) {
      m[k] = momentum * (m[k] as number) + (grad[k] as number);
      // Read the buffer back (rounded to float32), as PyTorch's p.add_(buf, alpha=−lr) does.
      params[k] = (params[k] as number) - lr * (m[k] as number);
    }
    return;
  }
  const { lr, beta1, beta2, eps } = optimizer;
  const { v } = state;
  const correction1 = 1 - beta1 ** state.t;
  const sqrtCorrection2 = Math.sqrt(1 - beta2 ** state.t);
  for (let k = 0; k < count; k++) {
    const g = grad[k] as number;
    m[k] = beta1 * (m[k] as number) + (1 - beta1) * g;
    v[k] = beta2 * (v[k] as number) + (1 - beta2) * g * g;
    // PyTorch's arrangement: (sqrt(v) / sqrt(1−β2ᵗ) + eps), step size lr / (1−β1ᵗ).
    const denom = Math.sqrt(v[k] as number) / sqrtCorrection2 + eps;
    params[k] = (params[k] as number) - (lr / correction1) * ((m[k] as number) / denom);
  }
}
