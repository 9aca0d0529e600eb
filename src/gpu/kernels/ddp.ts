/**
 * DistributedDataParallel's own kernels, every one over all ranks at once (workgroup y = rank): each
 * rank loads its own chunk and labels, computes its own chunk's mean loss, copies its gradient ÷ N
 * into its flat bucket (PyTorch's order, `src/dp/ddpBuckets.ts`), takes part in each round of the ring
 * all-reduce (`src/dp/ring.ts`), and copies the averaged bucket back into its `.grad`. Forward,
 * backward and the optimizer reuse the DataParallel kernels (the optimizer per rank).
 */
import type { BucketLayout } from '../../dp/ddpBuckets';
import { LOSS_PARTS } from '../partition';
import { blocks, clampTo, range } from './blocking';
import { activationAt, layoutAt } from './layoutTable';
import {
  type BindingSizes,
  groups,
  HEADER,
  headerWord,
  type KernelSource,
  prelude,
  u,
  WORKGROUP,
} from './prelude';

const main = `@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32)`;

/** N, the world size, from the header. */
const RANKS = headerWord(HEADER.ranks);

/** Each busy rank loads its chunk's rows and labels into its own regions (no scatter from GPU 0). */
export function ddpLoadKernel(features: number, sizes: BindingSizes): KernelSource {
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
  let inChunk = row - r * chunkSize();
  let base = r * ${layoutAt('stride')};
  let source = stepInfo[${u(HEADER.rows)} + row];
  let origin = source * ${u(features)};
  let destination = base + ${activationAt(0)} + inChunk * ${u(features)};
  ${copies.join('\n  ')}
  if (fb == 0u) { arena[base + ${layoutAt('rankTargets')} + inChunk] = f32(labels[source]); }
}`;
  return { label: 'ddp load', code, grid: ({ batch }) => [groups(batch * cols.count), 1] };
}

/** Invocations per workgroup of the loss: `LOSS_PARTS` per rank in a few workgroups. */
const LOSS_WORKGROUP = 16;

/**
 * Each busy rank's softmax cross-entropy over its own chunk, weighted 1/nᵢ (its chunk's mean), and
 * its gradient straight into the rank's output gradient; the loss in `LOSS_PARTS` parts per rank.
 */
export function rankLossKernel(classes: number, sizes: BindingSizes): KernelSource {
  const code = /* wgsl */ `${prelude(sizes)}
@compute @workgroup_size(${LOSS_WORKGROUP})
fn main(@builtin(global_invocation_id) id: vec3u) {
  let part = id.x;
  let r = id.y;
  let rows = replicaRows(r);
  let base = r * ${layoutAt('stride')};
  let outputs = base + ${layoutAt('outputs')};
  let targets = base + ${layoutAt('rankTargets')};
  let outputGrad = base + ${layoutAt('outputGrad')};
  let weight = 1.0 / f32(max(rows, 1u));
  var total = 0.0;
  for (var row = part; row < rows; row += ${u(LOSS_PARTS)}) {
    let z = outputs + row * ${u(classes)};
    let label = u32(arena[targets + row]);
    var top = arena[z];
    for (var c = 1u; c < ${u(classes)}; c++) { top = max(top, arena[z + c]); }
    var sum = 0.0;
    for (var c = 0u; c < ${u(classes)}; c++) { sum += exp(arena[z + c] - top); }
    total += weight * (log(sum) + top - arena[z + min(label, ${u(classes - 1)})]);
    let g = outputGrad + row * ${u(classes)};
    for (var c = 0u; c < ${u(classes)}; c++) {
      let p = exp(arena[z + c] - top) / sum;
      arena[g + c] = select(p, p - 1.0, c == label) * weight;
    }
  }
  arena[base + ${layoutAt('rankLoss')} + part] = total;
}`;
  return { label: 'ddp loss', code, grid: ({ busy }) => [LOSS_PARTS / LOSS_WORKGROUP, busy] };
}

/** WGSL: `p` = the parameter index of bucket element `k` (the bucket's ranges, end to end). */
function parameterOf(bucket: BucketLayout): string {
  let start = 0;
  const lines: string[] = [];
  for (const [j, range] of bucket.ranges.entries()) {
    const end = start + range.length;
    const offset = range.paramOffset - start;
    // p = k + (paramOffset − start); written with an addition or a subtraction to stay unsigned.
    const value = offset >= 0 ? `k + ${u(offset)}` : `k - ${u(-offset)}`;
    lines.push(
      j === 0 ? `if (k < ${u(end)}) { p = ${value}; }` : `else if (k < ${u(end)}) { p = ${value}; }`,
    );
    start = end;
  }
  return `var p = 0u;\n  ${lines.join(' ')}`;
}

/**
 * Every rank's `.grad ÷ N` into its bucket in bucket order; an idle rank (no chunk) joins with zeros,
 * as `DistributedDataParallel.join()` shadows the collective for a rank out of data.
 */
export function bucketFillKernel(bucket: BucketLayout, sizes: BindingSizes): KernelSource {
  const code = /* wgsl */ `${prelude(sizes)}
${main} {
  let k = wg.x * ${u(WORKGROUP)} + lid;
  if (k >= ${u(bucket.length)}) { return; }
  let r = wg.y;
  let base = r * ${layoutAt('stride')};
  ${parameterOf(bucket)}
  var value = 0.0;
  if (r < busyReplicas()) { value = arena[base + ${layoutAt('grad')} + p] / f32(${RANKS}); }
  arena[base + ${layoutAt('bucket')} + k] = value;
}`;
  return { label: 'ddp bucket', code, grid: ({ ranks }) => [groups(bucket.length), ranks ?? 1] };
}

/** The averaged bucket back into every rank's `.grad`. */
export function bucketUnpackKernel(bucket: BucketLayout, sizes: BindingSizes): KernelSource {
  const code = /* wgsl */ `${prelude(sizes)}
${main} {
  let k = wg.x * ${u(WORKGROUP)} + lid;
  if (k >= ${u(bucket.length)}) { return; }
  let base = wg.y * ${layoutAt('stride')};
  ${parameterOf(bucket)}
  arena[base + ${layoutAt('grad')} + p] = arena[base + ${layoutAt('bucket')} + k];
}`;
  return { label: 'ddp unpack', code, grid: ({ ranks }) => [groups(bucket.length), ranks ?? 1] };
}

/**
 * Round `round` (0..2(N−1)−1) of the ring all-reduce of a bucket of `length` elements, over every rank
 * at once: rank r receives a segment from rank r − 1 into its receive buffer, then adds it to its own
 * bucket (reduce-scatter, the first N − 1 rounds) or copies it over (all-gather), by `ringSchedule`.
 * Within a round no rank writes the segment its successor reads, so one dispatch serves all ranks.
 * The round is a constant (one small pipeline per round, N from the header), so any N reuses them.
 */
export function ringRoundKernel(round: number, length: number, sizes: BindingSizes): KernelSource {
  const code = /* wgsl */ `${prelude(sizes)}
${main} {
  let n = ${RANKS};
  let r = wg.y;
  let sender = (r + n - 1u) % n;
  let reduce = ${u(round)} < n - 1u;
  // The sender's segment: (sender − t) mod N reducing, (sender + 1 − t) mod N gathering.
  var segment = (sender + n - (${u(round)} % n)) % n;
  if (!reduce) { segment = (sender + 1u + n - ((${u(round)} - (n - 1u)) % n)) % n; }
  let size = ${u(length)} / n;
  let extra = ${u(length)} % n;
  let start = segment * size + min(segment, extra);
  let count = size + select(0u, 1u, segment < extra);
  let i = wg.x * ${u(WORKGROUP)} + lid;
  if (i >= count) { return; }
  let stride = ${layoutAt('stride')};
  let bucket = ${layoutAt('bucket')};
  let value = arena[sender * stride + bucket + start + i];
  arena[r * stride + ${layoutAt('received')} + i] = value;
  let own = r * stride + bucket + start + i;
  if (reduce) { arena[own] = arena[own] + value; } else { arena[own] = value; }
}`;
  return {
    label: `ring round ${round}`,
    code,
    grid: ({ ranks = 1 }) => (round < 2 * (ranks - 1) ? [groups(Math.ceil(length / ranks)), ranks] : null),
  };
}
