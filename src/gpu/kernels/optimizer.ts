/**
 * The optimizer step on GPU 0 only: it updates the originals (replica 0's parameters) from the
 * originals' `.grad`, with optimizer state that lives on GPU 0 alone. The other replicas see the new
 * weights at the next step's replicate — nothing is sent now.
 *
 * The hyperparameters come from the step header (`writeOptimizerWords`), so changing the learning
 * rate compiles nothing: one pipeline per update rule.
 */
import type { OptimizerSpec } from '../../nn/spec';
import { layoutAt } from './layoutTable';
import {
  type BindingSizes,
  groups,
  HEADER,
  headerFloat,
  type KernelSource,
  prelude,
  u,
  WORKGROUP,
} from './prelude';

/**
 * Write `optimizer`'s hyperparameters into the header (as f32, the precision the kernel computes in;
 * 1 − β is formed in float64 first, as a literal baked into the source would be).
 * @throws RangeError for a hyperparameter that is not finite.
 */
export function writeOptimizerWords(floats: Float32Array, optimizer: OptimizerSpec): void {
  const put = (word: number, value: number): void => {
    if (!Number.isFinite(value))
      throw new RangeError(`optimizer hyperparameters must be finite, got ${value}`);
    floats[word] = value;
  };
  put(HEADER.lr, optimizer.lr);
  if (optimizer.kind === 'momentum') put(HEADER.momentum, optimizer.momentum);
  if (optimizer.kind === 'adam') {
    put(HEADER.beta1, optimizer.beta1);
    put(HEADER.oneMinusBeta1, 1 - optimizer.beta1);
    put(HEADER.beta2, optimizer.beta2);
    put(HEADER.oneMinusBeta2, 1 - optimizer.beta2);
    put(HEADER.eps, optimizer.eps);
  }
}

function update(kind: OptimizerSpec['kind']): string {
  const param = 'arena[params + p]';
  const grad = 'arena[gradSum + p]';
  const m = 'arena[stateM + p]';
  const v = 'arena[stateV + p]';
  const lr = headerFloat(HEADER.lr);
  switch (kind) {
    case 'sgd':
      return `${param} = ${param} - ${lr} * ${grad};`;
    case 'momentum':
      // PyTorch's form: the buffer starts at g (not (1−μ)·g), then p −= lr · buffer.
      return `let stateM = ${layoutAt('optimizerM')};
  let buffer = ${headerFloat(HEADER.momentum)} * ${m} + ${grad};
  ${m} = buffer;
  ${param} = ${param} - ${lr} * buffer;`;
    case 'adam':
      // PyTorch's arrangement: p −= (lr / (1−β1ᵗ)) · m / (sqrt(v) / sqrt(1−β2ᵗ) + eps); the two
      // bias corrections change every step, so they come in the step header too.
      return `let stateM = ${layoutAt('optimizerM')};
  let stateV = ${layoutAt('optimizerV')};
  let g = ${grad};
  let first = ${headerFloat(HEADER.beta1)} * ${m} + ${headerFloat(HEADER.oneMinusBeta1)} * g;
  let second = ${headerFloat(HEADER.beta2)} * ${v} + ${headerFloat(HEADER.oneMinusBeta2)} * g * g;
  ${m} = first;
  ${v} = second;
  let stepSize = ${headerFloat(HEADER.adamStepSize)};
  let correction = ${headerFloat(HEADER.adamSqrtCorrection2)};
  ${param} = ${param} - stepSize * (first / (sqrt(second) / correction + ${headerFloat(HEADER.eps)}));`;
  }
}

/** One invocation per parameter, for the update rule `kind`. */
export function optimizerKernel(
  kind: OptimizerSpec['kind'],
  paramCount: number,
  sizes: BindingSizes,
): KernelSource {
  const code = /* wgsl */ `${prelude(sizes)}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let p = wg.x * ${u(WORKGROUP)} + lid;
  if (p >= ${u(paramCount)}) { return; }
  let params = ${layoutAt('params')};
  let gradSum = ${layoutAt('gradSum')};
  ${update(kind)}
}`;
  return { label: `optimizer ${kind}`, code, grid: () => [groups(paramCount), 1] };
}
