/**
 * A layer's weight and bias gradients for every busy replica, `dW = dyᵀ · x` and `db = Σ dy`, each a
 * sum over the replica's own rows; and the sum that finishes each replica's gradient.
 *
 * The rows are split into segments of `SEGMENT_ROWS` that run in parallel, each writing one partial
 * gradient (in the flat parameter layout) into the replica's segment region; after the last layer one
 * dispatch adds each replica's segments, in order, into its gradient. When every chunk fits one
 * segment there is nothing to add: the kernels write the gradient directly and the sum is skipped.
 */
import type { LayerSlot } from '../../nn/spec';
import { SEGMENT_ROWS } from '../partition';
import { BLOCKED, blocks, clampTo, MATRIX_ENTRY, MATRIX_WORKGROUP, range, type Tile } from './blocking';
import type { SplitPoint } from './fuse';
import { layoutAt } from './layoutTable';
import { type BindingSizes, groups, type KernelSource, prelude, u, WORKGROUP } from './prelude';

/** WGSL expressions giving floats (layout-table lookups), and the model's parameter count. */
export type WeightGradientOffsets = {
  stride: string;
  /** The layer's input activation, `rows × in`. */
  input: string;
  /** ∂loss/∂(this layer's pre-activation output), `rows × out`. */
  outputGrad: string;
  /** The replica's gradient segments (`segments` × parameters). */
  segments: string;
  /** The replica's gradient (written directly when one segment covers every chunk). */
  grad: string;
  paramCount: number;
};

/** Output and input blocks of a layer's weight gradient (plus one row of bias blocks). */
function weightBlocking(slot: LayerSlot, tile: Tile) {
  const wo = blocks(slot.out, tile.maxCols);
  const wi = blocks(slot.in, tile.maxCols);
  const weightBlocks = wo.count * wi.count;
  return { wo, wi, weightBlocks, perSegment: weightBlocks + wo.count };
}

/** The workgroups `weightGradientKernel` needs for a step, in WGSL and in TypeScript. */
export function weightGradientGroups(slot: LayerSlot, tile: Tile = BLOCKED): SplitPoint {
  const { perSegment } = weightBlocking(slot, tile);
  return {
    wgsl: `(${u(perSegment)} * ((chunkSize() + ${u(SEGMENT_ROWS - 1)}) / ${u(SEGMENT_ROWS)}) + ${u(MATRIX_WORKGROUP - 1)}) / ${u(MATRIX_WORKGROUP)}`,
    groups: ({ chunk }) => Math.ceil((perSegment * Math.ceil(chunk / SEGMENT_ROWS)) / MATRIX_WORKGROUP),
  };
}

/** Invocations: blocks of outputs × inputs (weights) and blocks of outputs (biases), per row segment. */
export function weightGradientKernel(
  slot: LayerSlot,
  at: WeightGradientOffsets,
  sizes: BindingSizes,
  tile: Tile = BLOCKED,
): KernelSource {
  const { in: width, out } = slot;
  const { wo, wi, weightBlocks, perSegment } = weightBlocking(slot, tile);
  const outs = range(wo.size);
  const ins = range(wi.size);
  const outputAt = (j: number): string => clampTo(`ob + ${u(j)}`, out - 1, wo.ragged);
  // Clamped blocks recompute the last output/input and store the same value there: no branches.
  const code = /* wgsl */ `${prelude(sizes)}
${MATRIX_ENTRY}
  let r = wg.y;
  let rows = replicaRows(r);
  let base = r * ${at.stride};
  let input = base + ${at.input};
  let outputGrad = base + ${at.outputGrad};
  let e = wg.x * ${u(MATRIX_WORKGROUP)} + lid;
  let seg = e / ${u(perSegment)};
  let blk = e % ${u(perSegment)};
  let start = seg * ${u(SEGMENT_ROWS)};
  if (start >= rows) { return; }
  let end = min(rows, start + ${u(SEGMENT_ROWS)});
  // When every chunk fits one segment, the sum is the gradient itself: write it there directly.
  let part = select(base + ${at.segments} + seg * ${u(at.paramCount)}, base + ${at.grad}, chunkSize() <= ${u(SEGMENT_ROWS)});
  if (blk < ${u(weightBlocks)}) {
    let ob = (blk / ${u(wi.count)}) * ${u(wo.size)};
    let ib = (blk % ${u(wi.count)}) * ${u(wi.size)};
    ${outs.map((j) => `let d${j} = outputGrad + ${outputAt(j)};`).join('\n    ')}
    ${ins.map((k) => `let x${k} = input + ${clampTo(`ib + ${u(k)}`, width - 1, wi.ragged)};`).join('\n    ')}
    ${outs.flatMap((j) => ins.map((k) => `var g${j}_${k} = 0.0;`)).join(' ')}
    for (var row = start; row < end; row++) {
      ${outs.map((j) => `let dy${j} = arena[d${j} + row * ${u(out)}];`).join(' ')}
      ${ins.map((k) => `let xv${k} = arena[x${k} + row * ${u(width)}];`).join(' ')}
      ${outs.flatMap((j) => ins.map((k) => `g${j}_${k} += dy${j} * xv${k};`)).join(' ')}
    }
    ${outs.map((j) => `let w${j} = part + ${u(slot.weight)} + ${outputAt(j)} * ${u(width)};`).join('\n    ')}
    ${outs.flatMap((j) => ins.map((k) => `arena[w${j} + ${clampTo(`ib + ${u(k)}`, width - 1, wi.ragged)}] = g${j}_${k};`)).join('\n    ')}
  } else {
    let ob = (blk - ${u(weightBlocks)}) * ${u(wo.size)};
    ${outs.map((j) => `let d${j} = outputGrad + ${outputAt(j)};`).join('\n    ')}
    ${outs.map((j) => `var g${j} = 0.0;`).join(' ')}
    for (var row = start; row < end; row++) {
      ${outs.map((j) => `g${j} += arena[d${j} + row * ${u(out)}];`).join(' ')}
    }
    ${outs.map((j) => `arena[part + ${u(slot.bias)} + ${outputAt(j)}] = g${j};`).join('\n    ')}
  }
}`;
  return {
    label: `weight gradient ${width}→${out}`,
    code,
    grid: (shape) => [weightGradientGroups(slot, tile).groups(shape), shape.busy],
  };
}

/** Each busy replica's gradient = the sum of its row segments' partial gradients, in segment order. */
export function gradientFinishKernel(paramCount: number, sizes: BindingSizes): KernelSource {
  const code = /* wgsl */ `${prelude(sizes)}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32) {
  let p = wg.x * ${u(WORKGROUP)} + lid;
  if (p >= ${u(paramCount)}) { return; }
  let base = wg.y * ${layoutAt('stride')};
  let segments = (replicaRows(wg.y) + ${u(SEGMENT_ROWS - 1)}) / ${u(SEGMENT_ROWS)};
  let first = base + ${layoutAt('gradSegments')} + p;
  var sum = arena[first];
  for (var s = 1u; s < segments; s++) { sum += arena[first + s * ${u(paramCount)}]; }
  arena[base + ${layoutAt('grad')} + p] = sum;
}`;
  return {
    label: 'gradient finish',
    code,
    grid: ({ chunk, busy }) => (chunk > SEGMENT_ROWS ? [groups(paramCount), busy] : null),
  };
}
