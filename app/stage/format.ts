/** Number formats for values shown on the stage. */

/** A gradient or weight: four significant digits, scientific when tiny. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e4) return value.toExponential(3);
  return value.toPrecision(4);
}

/** A signed term in a sum, e.g. "+ 0.0123" or "− 0.0456". */
export function formatTerm(value: number, first: boolean): string {
  const text = formatValue(Math.abs(value));
  if (first) return value < 0 ? `−${text}` : text;
  return value < 0 ? `− ${text}` : `+ ${text}`;
}
