/**
 * A fully connected layer's two kernels, shape-specialised: forward (`y = act(x · Wᵀ + b)`) and
 * backward (the layer's weight and bias gradients, plus the gradient for the layer below).
 *
 * Every busy replica runs in the same dispatch (workgroup y = replica), each on its own device's
 * regions: its own parameter replica, its own chunk of activations, its own gradient.
 */
import type { LayerSlot } from '../../nn/spec';
import { groups, type KernelSource, PRELUDE, u, WORKGROUP } from './prelude';

/** What follows a layer: the model's activation, or nothing for the output layer. */
export type DenseActivation = 'relu' | 'tanh' | 'none';

/** Where one replica's tensors sit, in floats: `stride` between devices, the rest within a device. */
export type DenseForwardOffsets = { stride: number; params: number; input: number; output: number };

export type DenseBackwardOffsets = Omit<DenseForwardOffsets, 'output'> & {
  /** The replica's gradient (flat parameter layout). */
  grad: number;
  /** ∂loss/∂(this layer's pre-activation output), `rows × out`. */
  outputGrad: number;
  /** Where ∂loss/∂(the layer below's pre-activation) goes, `rows × in`; −1 for the first layer. */
  inputGrad: number;
};

const f32 = (value: number): string => (Number.isInteger(value) ? `${value}.0` : `${value}`);

// tanh is clamped because some implementations compute it as a ratio of exponentials that overflows
// to NaN for large |x|; at ±15 tanh is already ±1 in f32.
function activate(activation: DenseActivation, value: string): string {
  if (activation === 'relu') return `select(${value}, 0.0, ${value} < 0.0)`; // NaN stays NaN, like torch.relu
  if (activation === 'tanh') return `tanh(clamp(${value}, ${f32(-15)}, ${f32(15)}))`;
  return value;
}

/** Forward through one layer for every busy replica; one invocation per (row, output). */
export function denseForwardKernel(
  slot: LayerSlot,
  activation: DenseActivation,
  at: DenseForwardOffsets,
): KernelSource {
  const width = slot.in;
  const out = slot.out;
  const code = /* wgsl */ `${PRELUDE}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let r = wg.y;
  let e = wg.x * ${u(WORKGROUP)} + lid;
  if (e >= replicaRows(r) * ${u(out)}) { return; }
  let row = e / ${u(out)};
  let o = e % ${u(out)};
  let base = r * ${u(at.stride)};
  let x = base + ${u(at.input)} + row * ${u(width)};
  let w = base + ${u(at.params + slot.weight)} + o * ${u(width)};
  var acc = arena[base + ${u(at.params + slot.bias)} + o];
  for (var i = 0u; i < ${u(width)}; i++) {
    acc += arena[x + i] * arena[w + i];
  }
  arena[base + ${u(at.output)} + e] = ${activate(activation, 'acc')};
}`;
  return {
    label: `forward ${slot.in}→${slot.out}`,
    code,
    grid: ({ chunk, busy }) => [groups(chunk * out), busy],
  };
}

/**
 * Backward through one layer for every busy replica, in one dispatch of two kinds of workgroups:
 * the first ones each own `WORKGROUP` of the layer's parameters and sum their gradient over the
 * replica's rows; the rest (absent for the first layer) each own `WORKGROUP` entries of the input
 * gradient, `(dy · W) ⊙ act'(x)`, with act' read from the stored activation (ReLU'(0) = 0).
 */
export function denseBackwardKernel(
  slot: LayerSlot,
  inputActivation: DenseActivation,
  at: DenseBackwardOffsets,
): KernelSource {
  const width = slot.in;
  const out = slot.out;
  const weights = width * out;
  const paramGroups = groups(weights + out);
  const inputGrad =
    at.inputGrad < 0
      ? ''
      : /* wgsl */ `
  let e = (wg.x - ${u(paramGroups)}) * ${u(WORKGROUP)} + lid;
  if (e >= rows * ${u(width)}) { return; }
  let row = e / ${u(width)};
  let i = e % ${u(width)};
  let dy = base + ${u(at.outputGrad)} + row * ${u(out)};
  let w = base + ${u(at.params + slot.weight)} + i;
  var acc = 0.0;
  for (var o = 0u; o < ${u(out)}; o++) {
    acc += arena[dy + o] * arena[w + o * ${u(width)}];
  }
  let x = arena[base + ${u(at.input)} + e];
  arena[base + ${u(at.inputGrad)} + e] = ${
    inputActivation === 'relu' ? 'select(acc, 0.0, !(x > 0.0))' : inputActivation === 'tanh' ? 'acc * (1.0 - x * x)' : 'acc'
  };`;
  const code = /* wgsl */ `${PRELUDE}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let r = wg.y;
  let rows = replicaRows(r);
  let base = r * ${u(at.stride)};
  if (wg.x < ${u(paramGroups)}) {
    let p = wg.x * ${u(WORKGROUP)} + lid;
    if (p >= ${u(weights + out)}) { return; }
    var acc = 0.0;
    if (p < ${u(weights)}) {
      let dy = base + ${u(at.outputGrad)} + p / ${u(width)};
      let x = base + ${u(at.input)} + p % ${u(width)};
      for (var row = 0u; row < rows; row++) {
        acc += arena[dy + row * ${u(out)}] * arena[x + row * ${u(width)}];
      }
    } else {
      let dy = base + ${u(at.outputGrad)} + p - ${u(weights)};
      for (var row = 0u; row < rows; row++) { acc += arena[dy + row * ${u(out)}]; }
    }
    arena[base + ${u(at.grad + slot.weight)} + p] = acc;
    return;
  }${inputGrad}
}`;
  const hasInputGrad = at.inputGrad >= 0;
  return {
    label: `backward ${slot.in}→${slot.out}`,
    code,
    grid: ({ chunk, busy }) => [paramGroups + (hasInputGrad ? groups(chunk * width) : 0), busy],
  };
}
