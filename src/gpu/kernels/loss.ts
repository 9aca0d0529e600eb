/**
 * The loss on GPU 0: softmax cross-entropy of the gathered outputs against the targets, and its
 * gradient with respect to the outputs (which gather's backward then slices back to the replicas).
 */
import type { ArenaLayout } from '../partition';
import { HEADER, type KernelSource, PRELUDE, u } from './prelude';

/** One workgroup does the whole batch, so the mean needs no second pass: at most 16 rows each. */
const LOSS_THREADS = 256;

/**
 * Every row weighs 1/B for the gathered mean (PyTorch's usual loss), or 1/(k · its chunk's rows) when
 * each replica's chunk mean is averaged over the k replicas ('inside-forward'). The same weight scales
 * the row's gradient, `(softmax − onehot) × weight`, so the loss and its gradient always agree.
 */
export function lossKernel(layout: ArenaLayout, classes: number): KernelSource {
  const { host } = layout;
  const code = /* wgsl */ `${PRELUDE}
var<workgroup> partial: array<f32, ${LOSS_THREADS}>;

@compute @workgroup_size(${LOSS_THREADS})
fn main(@builtin(local_invocation_index) lid: u32) {
  let batch = batchRows();
  let inside = stepInfo[${u(HEADER.insideForward)}] == 1u;
  var total = 0.0;
  for (var row = lid; row < batch; row += ${u(LOSS_THREADS)}) {
    var weight = 1.0 / f32(batch);
    if (inside) { weight = 1.0 / (f32(busyReplicas()) * f32(replicaRows(row / chunkSize()))); }
    let z = ${u(host.gathered)} + row * ${u(classes)};
    let label = u32(arena[${u(host.targets)} + row]);
    var top = arena[z];
    for (var c = 1u; c < ${u(classes)}; c++) { top = max(top, arena[z + c]); }
    var sum = 0.0;
    for (var c = 0u; c < ${u(classes)}; c++) { sum += exp(arena[z + c] - top); }
    total += weight * (log(sum) + top - arena[z + label]);
    let g = ${u(host.gatheredGrad)} + row * ${u(classes)};
    for (var c = 0u; c < ${u(classes)}; c++) {
      let p = exp(arena[z + c] - top) / sum;
      arena[g + c] = select(p, p - 1.0, c == label) * weight;
    }
  }
  partial[lid] = total;
  workgroupBarrier();
  for (var span = ${u(LOSS_THREADS / 2)}; span > 0u; span >>= 1u) {
    if (lid < span) { partial[lid] += partial[lid + span]; }
    workgroupBarrier();
  }
  if (lid == 0u) { arena[${u(host.loss)}] = partial[0]; }
}`;
  return { label: 'loss', code, grid: () => [1, 1] };
}
