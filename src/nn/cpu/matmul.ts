/**
 * The one matrix product the CPU kernels are built on, `C = A · Bᵀ`, and a transpose to bring the other
 * products into that shape.
 *
 * With both operands row-major, every entry of `A · Bᵀ` is a dot product of two contiguous rows, so the
 * sum stays in a register (a float64 JavaScript number, rounded to float32 once) and the loads stream.
 * Working on a 4 × 4 block of C at a time reuses each loaded number four times: 8 loads per 16
 * multiply-adds instead of 2 per 1 (16 accumulators still fit the registers V8 has).
 */

/**
 * `C[a, b] = Σₖ A[a, k] · B[b, k]` for `a < rowsA`, `b < rowsB`, `k < depth`.
 * A starts at `aOffset` with row stride `depth`, B at `bOffset` with row stride `depth`, and C is
 * written row-major from `cOffset` with row stride `rowsB`.
 */
export function matmulTransposed(
  a: Float32Array,
  aOffset: number,
  b: Float32Array,
  bOffset: number,
  rowsA: number,
  rowsB: number,
  depth: number,
  c: Float32Array,
  cOffset: number,
): void {
  let i = 0;
  for (; i + 3 < rowsA; i += 4) {
    const a0 = aOffset + i * depth;
    const c0 = cOffset + i * rowsB;
    let j = 0;
    for (; j + 3 < rowsB; j += 4) block4x4(a, a0, b, bOffset + j * depth, depth, c, c0 + j, rowsB);
    for (; j < rowsB; j++) block4x1(a, a0, b, bOffset + j * depth, depth, c, c0 + j, rowsB);
  }
  for (; i < rowsA; i++) {
    const a0 = aOffset + i * depth;
    let j = 0;
    for (; j + 3 < rowsB; j += 4) block1x4(a, a0, b, bOffset + j * depth, depth, c, cOffset + i * rowsB + j);
    for (; j < rowsB; j++) {
      const b0 = bOffset + j * depth;
      let s = 0;
      for (let k = 0; k < depth; k++) s += (a[a0 + k] as number) * (b[b0 + k] as number);
      c[cOffset + i * rowsB + j] = s;
    }
  }
}

/** Four rows of A against four rows of B: 8 loads per 16 multiply-adds. */
function block4x4(
  a: Float32Array,
  a0: number,
  b: Float32Array,
  b0: number,
  depth: number,
  c: Float32Array,
  c0: number,
  stride: number,
): void {
  const a1 = a0 + depth;
  const a2 = a1 + depth;
  const a3 = a2 + depth;
  const b1 = b0 + depth;
  const b2 = b1 + depth;
  const b3 = b2 + depth;
  let s00 = 0;
  let s01 = 0;
  let s02 = 0;
  let s03 = 0;
  let s10 = 0;
  let s11 = 0;
  let s12 = 0;
  let s13 = 0;
  let s20 = 0;
  let s21 = 0;
  let s22 = 0;
  let s23 = 0;
  let s30 = 0;
  let s31 = 0;
  let s32 = 0;
  let s33 = 0;
  for (let k = 0; k < depth; k++) {
    const x0 = a[a0 + k] as number;
    const x1 = a[a1 + k] as number;
    const x2 = a[a2 + k] as number;
    const x3 = a[a3 + k] as number;
    const y0 = b[b0 + k] as number;
    const y1 = b[b1 + k] as number;
    const y2 = b[b2 + k] as number;
    const y3 = b[b3 + k] as number;
    s00 += x0 * y0;
    s01 += x0 * y1;
    s02 += x0 * y2;
    s03 += x0 * y3;
    s10 += x1 * y0;
    s11 += x1 * y1;
    s12 += x1 * y2;
    s13 += x1 * y3;
    s20 += x2 * y0;
    s21 += x2 * y1;
    s22 += x2 * y2;
    s23 += x2 * y3;
    s30 += x3 * y0;
    s31 += x3 * y1;
    s32 += x3 * y2;
    s33 += x3 * y3;
  }
  const c1 = c0 + stride;
  const c2 = c1 + stride;
  const c3 = c2 + stride;
  c[c0] = s00;
  c[c0 + 1] = s01;
  c[c0 + 2] = s02;
  c[c0 + 3] = s03;
  c[c1] = s10;
  c[c1 + 1] = s11;
  c[c1 + 2] = s12;
  c[c1 + 3] = s13;
  c[c2] = s20;
  c[c2 + 1] = s21;
  c[c2 + 2] = s22;
  c[c2 + 3] = s23;
  c[c3] = s30;
  c[c3 + 1] = s31;
  c[c3 + 2] = s32;
  c[c3 + 3] = s33;
}

/** Four rows of A against one row of B (the columns left over after the 4-wide blocks). */
function block4x1(
  a: Float32Array,
  a0: number,
  b: Float32Array,
  b0: number,
  depth: number,
  c: Float32Array,
  c0: number,
  stride: number,
): void {
  const a1 = a0 + depth;
  const a2 = a1 + depth;
  const a3 = a2 + depth;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < depth; k++) {
    const y = b[b0 + k] as number;
    s0 += (a[a0 + k] as number) * y;
    s1 += (a[a1 + k] as number) * y;
    s2 += (a[a2 + k] as number) * y;
    s3 += (a[a3 + k] as number) * y;
  }
  c[c0] = s0;
  c[c0 + stride] = s1;
  c[c0 + 2 * stride] = s2;
  c[c0 + 3 * stride] = s3;
}

/** One row of A against four rows of B (the rows left over after the 4-tall blocks). */
function block1x4(
  a: Float32Array,
  a0: number,
  b: Float32Array,
  b0: number,
  depth: number,
  c: Float32Array,
  c0: number,
): void {
  const b1 = b0 + depth;
  const b2 = b1 + depth;
  const b3 = b2 + depth;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < depth; k++) {
    const x = a[a0 + k] as number;
    s0 += x * (b[b0 + k] as number);
    s1 += x * (b[b1 + k] as number);
    s2 += x * (b[b2 + k] as number);
    s3 += x * (b[b3 + k] as number);
  }
  c[c0] = s0;
  c[c0 + 1] = s1;
  c[c0 + 2] = s2;
  c[c0 + 3] = s3;
}

/** `out` (cols × rows) = the transpose of the row-major `rows × cols` matrix at `offset` of `m`. */
export function transpose(
  m: Float32Array,
  offset: number,
  rows: number,
  cols: number,
  out: Float32Array,
): void {
  for (let r = 0; r < rows; r++) {
    const base = offset + r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = m[base + c] as number;
  }
}
