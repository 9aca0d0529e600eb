/**
 * The loss on GPU 0: softmax cross-entropy of the gathered outputs against the targets, and its
 * gradient with respect to the outputs (which gather's backward then slices back to the replicas).
 */
import { LOSS_PARTS } from '../partition';
import { layoutAt } from './layoutTable';
import { type BindingSizes, HEADER, type KernelSource, prelude, u } from './prelude';

/** Invocations per workgroup: `LOSS_PARTS` invocations in a few workgroups, so cores share the rows. */
const LOSS_WORKGROUP = 16;

/**
 * Every row weighs 1/B for the gathered mean (PyTorch's usual loss), or 1/(k · its chunk's rows) when
 * each replica's chunk mean is averaged over the k replicas ('inside-forward'). The same weight scales
 * the row's gradient, `(softmax − onehot) × weight`, so the loss and its gradient always agree.
 *
 * Invocation p sums the weighted losses of rows p, p + LOSS_PARTS, … into part p of GPU 0's loss
 * region; the mean is the sum of the parts, added up when the loss is read (a workgroup-wide
 * reduction would need barriers, which a software GPU runs slowly).
 */
export function lossKernel(classes: number, sizes: BindingSizes): KernelSource {
  const code = /* wgsl */ `${prelude(sizes)}
@compute @workgroup_size(${LOSS_WORKGROUP})
fn main(@builtin(global_invocation_id) id: vec3u) {
  let part = id.x;
  let batch = batchRows();
  let inside = stepInfo[${u(HEADER.insideForward)}] == 1u;
  let gathered = ${layoutAt('gathered')};
  let targets = ${layoutAt('targets')};
  let gatheredGrad = ${layoutAt('gatheredGrad')};
  var total = 0.0;
  for (var row = part; row < batch; row += ${u(LOSS_PARTS)}) {
    var weight = 1.0 / f32(batch);
    if (inside) { weight = 1.0 / (f32(busyReplicas()) * f32(replicaRows(row / chunkSize()))); }
    let z = gathered + row * ${u(classes)};
    let label = u32(arena[targets + row]);
    var top = arena[z];
    for (var c = 1u; c < ${u(classes)}; c++) { top = max(top, arena[z + c]); }
    var sum = 0.0;
    for (var c = 0u; c < ${u(classes)}; c++) { sum += exp(arena[z + c] - top); }
    total += weight * (log(sum) + top - arena[z + min(label, ${u(classes - 1)})]);
    let g = gatheredGrad + row * ${u(classes)};
    for (var c = 0u; c < ${u(classes)}; c++) {
      let p = exp(arena[z + c] - top) / sum;
      arena[g + c] = select(p, p - 1.0, c == label) * weight;
    }
  }
  arena[${layoutAt('loss')} + part] = total;
}`;
  return { label: 'loss', code, grid: () => [LOSS_PARTS / LOSS_WORKGROUP, 1] };
}

/** The mean loss from its parts (see `lossKernel`), added in float64 when the loss is read. */
export function sumLossParts(parts: Float32Array): number {
  let total = 0;
  for (const part of parts) total += part;
  return total;
}
