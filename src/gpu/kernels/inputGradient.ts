/**
 * A layer's input gradient for every busy replica: ∂loss/∂(the layer below's pre-activation) =
 * `(dy · W) ⊙ act'(x)`, with act' read from the stored activation x (ReLU'(0) = 0; tanh' = 1 − x²).
 * The first layer has none: nothing below it needs one.
 *
 * Each invocation computes a block of a few rows × a few inputs, reducing over the layer's outputs.
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
import { accumulate, type DenseActivation } from './forward';
import { type BindingSizes, type KernelSource, prelude, u } from './prelude';

/** WGSL expressions giving floats (layout-table lookups), as in `DenseForwardOffsets`. */
export type InputGradientOffsets = {
  stride: string;
  params: string;
  /** The layer's input activation, `rows × in` (its derivative is read from it). */
  input: string;
  /** ∂loss/∂(this layer's pre-activation output), `rows × out`. */
  outputGrad: string;
  /** Where the result goes, `rows × in`. */
  inputGrad: string;
};

const derivative = (activation: DenseActivation, acc: string, x: string): string =>
  activation === 'relu'
    ? `select(${acc}, 0.0, !(${x} > 0.0))`
    : activation === 'tanh'
      ? `${acc} * (1.0 - ${x} * ${x})`
      : acc;

/** The input gradient of `slot` (`inputActivation` is what produced the layer's input). */
export function inputGradientKernel(
  slot: LayerSlot,
  inputActivation: DenseActivation,
  at: InputGradientOffsets,
  sizes: BindingSizes,
  tile: Tile = BLOCKED,
): KernelSource {
  const { in: width, out } = slot;
  const cols = blocks(width, tile.maxCols);
  const rowBlock = tile.rows ?? rowsPerBlock(cols.size);
  const unroll = tile.unroll ?? unrollFor(out, rowBlock * cols.size);
  const main = out - (out % unroll);
  const rows = range(rowBlock);
  const ins = range(cols.size);
  const inputAt = (j: number): string => clampTo(`ib + ${u(j)}`, width - 1, cols.ragged);
  // Operand names follow `accumulate`: x = dy (per row), w = W's column (per input).
  const loads = (offset: (t: number) => string, ts: readonly number[]): string[] => [
    ...rows.flatMap((k) => ts.map((t) => `let x${k}_${t} = arena[x${k} + ${offset(t)}];`)),
    ...ins.flatMap((j) => ts.map((t) => `let w${j}_${t} = arena[w${j} + (${offset(t)}) * ${u(width)}];`)),
  ];
  const tail = range(out - main).map((t) => main + t);
  const loop =
    main === 0
      ? ''
      : `for (var o = 0u; o < ${u(main)}; o += ${u(unroll)}) {
    ${[...loads((t) => (t === 0 ? 'o' : `o + ${u(t)}`), range(unroll)), ...accumulate(rowBlock, cols.size, range(unroll))].join('\n    ')}
  }`;
  const code = /* wgsl */ `${prelude(sizes)}
${MATRIX_ENTRY}
  let r = wg.y;
  let rows = replicaRows(r);
  let base = r * ${at.stride};
  let params = base + ${at.params};
  let outputGrad = base + ${at.outputGrad};
  let rowBlocks = (rows + ${u(rowBlock - 1)}) / ${u(rowBlock)};
  let e = wg.x * ${u(MATRIX_WORKGROUP)} + lid;
  if (e >= rowBlocks * ${u(cols.count)}) { return; }
  let ib = (e / rowBlocks) * ${u(cols.size)};
  let row0 = (e % rowBlocks) * ${u(rowBlock)};
  let last = rows - 1u;
  ${rows.map((k) => `let x${k} = outputGrad + min(row0 + ${u(k)}, last) * ${u(out)};`).join('\n  ')}
  ${ins.map((j) => `let w${j} = params + ${u(slot.weight)} + ${inputAt(j)};`).join('\n  ')}
  ${rows.flatMap((k) => ins.map((j) => `var a${k}_${j} = 0.0;`)).join(' ')}
  ${loop}
  ${tail.length === 0 ? '' : [...loads((t) => u(t), tail), ...accumulate(rowBlock, cols.size, tail)].join('\n  ')}
  let input = base + ${at.input};
  let inputGrad = base + ${at.inputGrad};
  ${rows.map((k) => `let c${k} = min(row0 + ${u(k)}, last) * ${u(width)};`).join('\n  ')}
  ${rows
    .flatMap((k) =>
      ins.map((j) => {
        // Clamped rows and inputs recompute the last one and store the same value there: no branches.
        const cell = `c${k} + ${inputAt(j)}`;
        return `{ let xv = arena[input + ${cell}]; arena[inputGrad + ${cell}] = ${derivative(inputActivation, `a${k}_${j}`, 'xv')}; }`;
      }),
    )
    .join('\n  ')}
}`;
  return {
    label: `input gradient ${width}→${out}`,
    code,
    grid: ({ chunk, busy }) => [
      Math.ceil((Math.ceil(chunk / rowBlock) * cols.count) / MATRIX_WORKGROUP),
      busy,
    ],
  };
}
