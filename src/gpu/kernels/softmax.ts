/**
 * Row-wise softmax in place, for predictions (decision-boundary maps, digit grids): turns the logits
 * of `batchRows()` rows into class probabilities.
 */
import { type BindingSizes, groups, type KernelSource, prelude, u, WORKGROUP } from './prelude';

/** Softmax of `rows × classes` scores starting at arena offset `at`; one invocation per row. */
export function softmaxKernel(at: number, classes: number, sizes: BindingSizes): KernelSource {
  const code = /* wgsl */ `${prelude(sizes)}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wg.x * ${u(WORKGROUP)} + lid;
  if (row >= batchRows()) { return; }
  let z = ${u(at)} + row * ${u(classes)};
  var top = arena[z];
  for (var c = 1u; c < ${u(classes)}; c++) { top = max(top, arena[z + c]); }
  var sum = 0.0;
  for (var c = 0u; c < ${u(classes)}; c++) {
    let e = exp(arena[z + c] - top);
    arena[z + c] = e;
    sum += e;
  }
  for (var c = 0u; c < ${u(classes)}; c++) { arena[z + c] = arena[z + c] / sum; }
}`;
  return { label: 'softmax', code, grid: ({ batch }) => [groups(batch), 1] };
}
