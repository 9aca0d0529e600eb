/**
 * Forward through one fully connected layer, `y = act(x · Wᵀ + b)`, for every busy replica in one
 * dispatch (workgroup y = replica), each on its own device's regions: its own parameter replica, its
 * own chunk of activations.
 *
 * Each invocation computes a block of a few rows × a few outputs (see `blocking.ts`).
 */
import type { LayerSlot } from '../../nn/spec';
import {
  BLOCKED,
  blocks,
  clampTo,
  MATRIX_ENTRY,
  MATRIX_WORKGROUP,
  range,
  rowsPerBlock,
  type Tile,
  unrollFor,
} from './blocking';
import { type BindingSizes, type KernelSource, prelude, u } from './prelude';

/** What follows a layer: the model's activation, or nothing for the output layer. */
export type DenseActivation = 'relu' | 'tanh' | 'none';

/**
 * Where one replica's tensors sit, as WGSL expressions giving floats (a layout-table lookup in
 * training, constants in the predictor): `stride` between devices, the rest within a device.
 */
export type DenseForwardOffsets = { stride: string; params: string; input: string; output: string };

/** The activation applied to the WGSL expression `value`. */
export function activate(activation: DenseActivation, value: string): string {
  // `< 0` (not `<= 0` or max) lets a NaN through, as torch.relu does, so divergence stays visible.
  if (activation === 'relu') return `select(${value}, 0.0, ${value} < 0.0)`;
  // Clamped because some implementations compute tanh from exponentials that overflow to NaN for
  // large |x|; at ±15 tanh is already ±1 in f32.
  if (activation === 'tanh') return `tanh(clamp(${value}, -15.0, 15.0))`;
  return value;
}

/**
 * The products of one reduction step, `a{k}_{j} += x{k}_{t} · w{j}_{t}` for each t in order: one
 * product at a time, so every tile adds in the same order as a single-value kernel.
 */
export function accumulate(rowCount: number, colCount: number, steps: readonly number[]): string[] {
  const lines: string[] = [];
  for (const k of range(rowCount)) {
    for (const j of range(colCount)) {
      lines.push(steps.map((t) => `a${k}_${j} += x${k}_${t} * w${j}_${t};`).join(' '));
    }
  }
  return lines;
}

/** Forward through `slot` for every busy replica. */
export function denseForwardKernel(
  slot: LayerSlot,
  activation: DenseActivation,
  at: DenseForwardOffsets,
  sizes: BindingSizes,
  tile: Tile = BLOCKED,
): KernelSource {
  const { in: width, out } = slot;
  const cols = blocks(out, tile.maxCols);
  const rowBlock = tile.rows ?? rowsPerBlock(cols.size);
  const unroll = tile.unroll ?? unrollFor(width, rowBlock * cols.size);
  const main = width - (width % unroll);
  const rows = range(rowBlock);
  const outs = range(cols.size);
  const steps = range(unroll);
  const tail = range(width - main).map((t) => main + t);

  const loads = (offset: (t: number) => string, ts: readonly number[]): string[] => [
    ...rows.flatMap((k) => ts.map((t) => `let x${k}_${t} = arena[x${k} + ${offset(t)}];`)),
    ...outs.flatMap((j) => ts.map((t) => `let w${j}_${t} = arena[w${j} + ${offset(t)}];`)),
  ];
  const loop =
    main === 0
      ? ''
      : `for (var i = 0u; i < ${u(main)}; i += ${u(unroll)}) {
    ${[...loads((t) => (t === 0 ? 'i' : `i + ${u(t)}`), steps), ...accumulate(rowBlock, cols.size, steps)].join('\n    ')}
  }`;
  const tailLines =
    tail.length === 0 ? [] : [...loads((t) => u(t), tail), ...accumulate(rowBlock, cols.size, tail)];
  // No guards: a row or column past the end was clamped to the last one when loading, so writing it
  // to the clamped place stores the very value that belongs there (branches cost compile time).
  const stores = rows.flatMap((k) =>
    outs.map(
      (j) =>
        `arena[y${k} + ${clampTo(`ob + ${u(j)}`, out - 1, cols.ragged)}] = ${activate(activation, `a${k}_${j}`)};`,
    ),
  );

  const code = /* wgsl */ `${prelude(sizes)}
${MATRIX_ENTRY}
  let r = wg.y;
  let rows = replicaRows(r);
  let rowBlocks = (rows + ${u(rowBlock - 1)}) / ${u(rowBlock)};
  let e = wg.x * ${u(MATRIX_WORKGROUP)} + lid;
  if (e >= rowBlocks * ${u(cols.count)}) { return; }
  let ob = (e / rowBlocks) * ${u(cols.size)};
  let row0 = (e % rowBlocks) * ${u(rowBlock)};
  let base = r * ${at.stride};
  let params = base + ${at.params};
  let input = base + ${at.input};
  let output = base + ${at.output};
  let last = rows - 1u;
  ${rows.map((k) => `let x${k} = input + min(row0 + ${u(k)}, last) * ${u(width)};`).join('\n  ')}
  ${outs.map((j) => `let w${j} = params + ${u(slot.weight)} + ${clampTo(`ob + ${u(j)}`, out - 1, cols.ragged)} * ${u(width)};`).join('\n  ')}
  ${outs.map((j) => `let b${j} = arena[params + ${u(slot.bias)} + ${clampTo(`ob + ${u(j)}`, out - 1, cols.ragged)}];`).join('\n  ')}
  ${rows.flatMap((k) => outs.map((j) => `var a${k}_${j} = b${j};`)).join(' ')}
  ${loop}
  ${tailLines.join('\n  ')}
  ${rows.map((k) => `let y${k} = output + min(row0 + ${u(k)}, last) * ${u(out)};`).join('\n  ')}
  ${stores.join('\n  ')}
}`;
  return {
    label: `forward ${width}→${out}`,
    code,
    grid: ({ chunk, busy }) => [
      Math.ceil((Math.ceil(chunk / rowBlock) * cols.count) / MATRIX_WORKGROUP),
      busy,
    ],
  };
}
