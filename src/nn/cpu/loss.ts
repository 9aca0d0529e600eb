/**
 * Softmax cross-entropy, PyTorch's `F.cross_entropy` with mean reduction, computed stably by
 * subtracting each row's largest logit before exponentiating.
 */

/**
 * Loss and logit gradient of `rows` rows starting at row `from`, into caller-owned `dlogits` (same
 * row offsets as `logits`), with no allocation. Returns the SUM over those rows of −log p(y), in float64;
 * `dlogits = (softmax − onehot(y)) × scale`.
 */
export function softmaxCrossEntropyInto(
  logits: Float32Array,
  y: Uint32Array,
  from: number,
  rows: number,
  classes: number,
  scale: number,
  dlogits: Float32Array,
): number {
  let total = 0;
  for (let r = from; r < from + rows; r++) {
    const base = r * classes;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[base + c] as number);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp((logits[base + c] as number) - max);
    const label = y[r] as number;
    total += Math.log(sum) + max - (logits[base + label] as number);
    // p·scale in one float64 expression, so the gradient is rounded to float32 once.
    const factor = scale / sum;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp((logits[base + c] as number) - max);
      dlogits[base + c] = c === label ? e * factor - scale : e * factor;
    }
  }
  return total;
}

/**
 * Mean over `rows` of −log softmax(logits)[y], and `dlogits = (softmax − onehot(y)) × scale`.
 * `scale` defaults to 1/rows (the gradient of the mean); a DataParallel replica that holds a slice of a
 * gathered batch of B rows uses 1/B so the slices add up to the full batch's gradient.
 * @throws RangeError when a label is not a class index.
 */
export function softmaxCrossEntropy(
  logits: Float32Array,
  y: Uint32Array,
  rows: number,
  classes: number,
  scale: number = 1 / rows,
): { loss: number; dlogits: Float32Array } {
  for (let r = 0; r < rows; r++) {
    if ((y[r] ?? classes) >= classes) {
      throw new RangeError(`label of row ${r} is not one of ${classes} classes`);
    }
  }
  const dlogits = new Float32Array(rows * classes);
  const total = softmaxCrossEntropyInto(logits, y, 0, rows, classes, scale, dlogits);
  return { loss: rows === 0 ? 0 : total / rows, dlogits };
}

/** Row-wise softmax of `rows × classes` scores into `out` (may be the same array). */
export function softmaxInto(scores: Float32Array, rows: number, classes: number, out: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) max = Math.max(max, scores[base + c] as number);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp((scores[base + c] as number) - max);
      out[base + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) out[base + c] = (out[base + c] as number) / sum;
  }
}
