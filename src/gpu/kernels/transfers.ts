/**
 * The kernels that move tensors between logical GPUs: scatter, replicate, gather, gather's backward
 * (the output-gradient slices sent back) and reduce-add.
 *
 * On real hardware these are peer-to-peer copies; here each is one dispatch that copies between the
 * devices' regions of the arena, so the data really moves from one logical GPU's memory to another's.
 * Each kernel covers every busy replica at once (a row's replica is `row / chunkSize()`), and only
 * busy replicas' regions are ever written: idle GPUs receive nothing.
 */
import { blocks, clampTo, range } from './blocking';
import { activationAt, layoutAt } from './layoutTable';
import { type BindingSizes, groups, HEADER, type KernelSource, prelude, u, WORKGROUP } from './prelude';

const main = `@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32)`;

/**
 * Scatter: each chunk's dataset rows into its device's input region, and the batch's labels into GPU
 * 0's targets (the loss needs them there). One invocation per row and block of up to 16 features, so
 * a row's index is read once per block rather than once per feature.
 */
export function scatterKernel(features: number, sizes: BindingSizes): KernelSource {
  const cols = blocks(features, 16);
  const copies = range(cols.size).map((k) => {
    const f = clampTo(`fb + ${u(k)}`, features - 1, cols.ragged);
    return `arena[destination + ${f}] = data[origin + ${f}];`;
  });
  const code = /* wgsl */ `${prelude(sizes)}
${main} {
  let e = wg.x * ${u(WORKGROUP)} + lid;
  if (e >= batchRows() * ${u(cols.count)}) { return; }
  let row = e / ${u(cols.count)};
  let fb = (e % ${u(cols.count)}) * ${u(cols.size)};
  let r = row / chunkSize();
  let source = stepInfo[${u(HEADER.rows)} + row];
  let origin = source * ${u(features)};
  let destination = r * ${layoutAt('stride')} + ${activationAt(0)} + (row - r * chunkSize()) * ${u(features)};
  ${copies.join('\n  ')}
  if (fb == 0u) { arena[${layoutAt('targets')} + row] = f32(labels[source]); }
}`;
  return { label: 'scatter', code, grid: ({ batch }) => [groups(batch * cols.count), 1] };
}

/**
 * Replicate: GPU 0's parameters (the originals, which are replica 0) copied into every other busy
 * replica's parameter region. Each invocation reads one parameter once and writes it to every replica.
 */
export function replicateKernel(paramCount: number, sizes: BindingSizes): KernelSource {
  const code = /* wgsl */ `${prelude(sizes)}
${main} {
  let p = wg.x * ${u(WORKGROUP)} + lid;
  if (p >= ${u(paramCount)}) { return; }
  let at = ${layoutAt('params')} + p;
  let stride = ${layoutAt('stride')};
  let value = arena[at];
  for (var r = 1u; r < busyReplicas(); r++) {
    arena[r * stride + at] = value;
  }
}`;
  return {
    label: 'replicate',
    code,
    grid: ({ busy }) => (busy > 1 ? [groups(paramCount), 1] : null),
  };
}

/** Gather: every replica's outputs into GPU 0's gathered region, in chunk order. */
export function gatherKernel(classes: number, sizes: BindingSizes): KernelSource {
  const code = /* wgsl */ `${prelude(sizes)}
${main} {
  let e = wg.x * ${u(WORKGROUP)} + lid;
  if (e >= batchRows() * ${u(classes)}) { return; }
  let row = e / ${u(classes)};
  let r = row / chunkSize();
  let inChunk = e - r * chunkSize() * ${u(classes)};
  arena[${layoutAt('gathered')} + e] = arena[r * ${layoutAt('stride')} + ${layoutAt('outputs')} + inChunk];
}`;
  return { label: 'gather', code, grid: ({ batch }) => [groups(batch * classes), 1] };
}

/** Gather's backward: each replica receives its slice of GPU 0's output gradient. */
export function gatherBackwardKernel(classes: number, sizes: BindingSizes): KernelSource {
  const code = /* wgsl */ `${prelude(sizes)}
${main} {
  let e = wg.x * ${u(WORKGROUP)} + lid;
  if (e >= batchRows() * ${u(classes)}) { return; }
  let row = e / ${u(classes)};
  let r = row / chunkSize();
  let inChunk = e - r * chunkSize() * ${u(classes)};
  arena[r * ${layoutAt('stride')} + ${layoutAt('outputGrad')} + inChunk] = arena[${layoutAt('gatheredGrad')} + e];
}`;
  return { label: 'gather backward', code, grid: ({ batch }) => [groups(batch * classes), 1] };
}

/**
 * Reduce-add: GPU 0's `.grad` = the SUM of every busy replica's gradient, in device order. Nothing
 * divides by N (PyTorch's Broadcast backward is a plain reduce-add).
 */
export function reduceAddKernel(paramCount: number, sizes: BindingSizes): KernelSource {
  const code = /* wgsl */ `${prelude(sizes)}
${main} {
  let p = wg.x * ${u(WORKGROUP)} + lid;
  if (p >= ${u(paramCount)}) { return; }
  let at = ${layoutAt('grad')} + p;
  let stride = ${layoutAt('stride')};
  var sum = arena[at];
  for (var r = 1u; r < busyReplicas(); r++) {
    sum += arena[r * stride + at];
  }
  arena[${layoutAt('gradSum')} + p] = sum;
}`;
  return { label: 'reduce-add', code, grid: () => [groups(paramCount), 1] };
}
