/**
 * Register blocking for the matrix kernels, and the small code-generation helpers they share.
 *
 * On a software GPU (SwiftShader) every load whose address differs between invocations is a gather
 * that costs far more than the multiply-add it feeds, and a long unrolled shader takes seconds to
 * compile. So each invocation computes a small block of outputs (a few rows × a few columns) in
 * registers, loading each operand once per block instead of once per product, inside a rolled loop.
 */

/** Invocations per workgroup of the matrix kernels: small, so even a few blocks spread over cores. */
export const MATRIX_WORKGROUP = 16;

/** A dimension cut into `count` blocks of `size` (the last may be shorter: see `ragged`). */
export type Blocks = { size: number; count: number; ragged: boolean };

/** Cut `width` into near-equal blocks of at most `max`. */
export function blocks(width: number, max: number): Blocks {
  const count = Math.ceil(width / max);
  const size = Math.ceil(width / count);
  return { size, count, ragged: size * count !== width };
}

/** 0..n−1. */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * `index` clamped to `last` when a block can run past the end, so its loads stay in range; always a
 * single term (parenthesised), safe to multiply.
 */
export const clampTo = (index: string, last: number, needed: boolean): string =>
  needed ? `min(${index}, ${last}u)` : `(${index})`;

/**
 * How big a block each invocation computes. `BLOCKED` runs fastest; `SMALL` compiles several times
 * faster and runs about half as fast — the engine starts on it while the blocked kernels compile;
 * `SINGLE` (one value per invocation) is the plainest form, for tests. All add the products in the
 * same order, so they compute the same numbers.
 */
export type Tile = { maxCols: number; rows?: number; unroll?: number };
export const BLOCKED: Tile = { maxCols: 8 };
export const SMALL: Tile = { maxCols: 4, rows: 4, unroll: 1 };
export const SINGLE: Tile = { maxCols: 1, rows: 1, unroll: 1 };

/** Rows per invocation for a block `width` outputs wide: about 64 accumulators in all. */
export const rowsPerBlock = (width: number): number => Math.max(2, Math.min(16, Math.floor(64 / width)));

/** How many steps of a reduction of length `length` one loop iteration takes (≤ 4, ~128 products). */
export const unrollFor = (length: number, products: number): number =>
  Math.max(1, Math.min(4, length, Math.floor(128 / products)));

/** The entry point every matrix kernel opens with (`fuseKernels` splits kernels at it). */
export const MATRIX_ENTRY = `@compute @workgroup_size(${MATRIX_WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32) {`;
