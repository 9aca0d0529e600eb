/**
 * The optimizer step on GPU 0 only: it updates the originals (replica 0's parameters) from the
 * originals' `.grad`, with optimizer state that lives on GPU 0 alone. The other replicas see the new
 * weights at the next step's replicate — nothing is sent now.
 */
import type { OptimizerSpec } from '../../nn/spec';
import type { ArenaLayout } from '../partition';
import { type BindingSizes, groups, HEADER, type KernelSource, prelude, u, WORKGROUP } from './prelude';

/** A WGSL f32 literal that round-trips the number (hyperparameters are baked in). */
const f32 = (value: number): string => {
  if (!Number.isFinite(value)) throw new RangeError(`optimizer hyperparameters must be finite, got ${value}`);
  const text = String(Math.fround(value));
  return /[.e]/.test(text) ? text : `${text}.0`;
};

function update(optimizer: OptimizerSpec, layout: ArenaLayout): string {
  const param = `arena[${u(layout.local.params)} + p]`;
  const grad = `arena[${u(layout.host.gradSum)} + p]`;
  // The state regions exist only for the rules that keep them (−1 otherwise), so name them lazily.
  const m = (): string => `arena[${u(layout.host.optimizerM)} + p]`;
  const v = (): string => `arena[${u(layout.host.optimizerV)} + p]`;
  switch (optimizer.kind) {
    case 'sgd':
      return `${param} = ${param} - ${f32(optimizer.lr)} * ${grad};`;
    case 'momentum':
      // PyTorch's form: the buffer starts at g (not (1−μ)·g), then p −= lr · buffer.
      return `let buffer = ${f32(optimizer.momentum)} * ${m()} + ${grad};
  ${m()} = buffer;
  ${param} = ${param} - ${f32(optimizer.lr)} * buffer;`;
    case 'adam':
      // PyTorch's arrangement: p −= (lr / (1−β1ᵗ)) · m / (sqrt(v) / sqrt(1−β2ᵗ) + eps); the two
      // bias corrections change every step, so they come in the step header.
      return `let g = ${grad};
  let first = ${f32(optimizer.beta1)} * ${m()} + ${f32(1 - optimizer.beta1)} * g;
  let second = ${f32(optimizer.beta2)} * ${v()} + ${f32(1 - optimizer.beta2)} * g * g;
  ${m()} = first;
  ${v()} = second;
  let stepSize = bitcast<f32>(stepInfo[${u(HEADER.adamStepSize)}]);
  let correction = bitcast<f32>(stepInfo[${u(HEADER.adamSqrtCorrection2)}]);
  ${param} = ${param} - stepSize * (first / (sqrt(second) / correction + ${f32(optimizer.eps)}));`;
  }
}

/** One invocation per parameter. */
export function optimizerKernel(
  optimizer: OptimizerSpec,
  layout: ArenaLayout,
  sizes: BindingSizes,
): KernelSource {
  const code = /* wgsl */ `${prelude(sizes)}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let p = wg.x * ${u(WORKGROUP)} + lid;
  if (p >= ${u(layout.paramCount)}) { return; }
  ${update(optimizer, layout)}
}`;
  return { label: `optimizer ${optimizer.kind}`, code, grid: () => [groups(layout.paramCount), 1] };
}
