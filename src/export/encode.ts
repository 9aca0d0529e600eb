/**
 * Numbers into Python source: little-endian bytes in base64, wrapped as implicitly concatenated string
 * literals, so an exported file carries the page's exact float32 weights and data with no rounding
 * through decimal text. The Python side decodes them with the standard `array` module.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (RFC 4648, with padding) of `bytes`; the same in Node and in the browser. */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const word = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(word >> 18) & 63];
    out += ALPHABET[(word >> 12) & 63];
    out += b === undefined ? '=' : ALPHABET[(word >> 6) & 63];
    out += c === undefined ? '=' : ALPHABET[word & 63];
  }
  return out;
}

/** float32 values as little-endian bytes (the byte order is fixed, whatever this machine's). */
export function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  return new Uint8Array(view.buffer);
}

/**
 * Unsigned 16-bit integers as little-endian bytes.
 * @throws RangeError for a value that is not an integer in 0..65535.
 */
export function uint16Bytes(values: ArrayLike<number>): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 2));
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
      throw new RangeError(`${String(value)} is not a 16-bit index`);
    }
    view.setUint16(i * 2, value, true);
  }
  return new Uint8Array(view.buffer);
}

/**
 * Bytes of values that are whole multiples of `1 / scale` in 0..255 (the digits' pixels are counts
 * out of 16), or null when any value is not: then the caller falls back to float32. Decoding as
 * `byte / scale` in float32 gives back exactly the same float32 values.
 */
export function scaledUint8Bytes(values: ArrayLike<number>, scale: number): Uint8Array | null {
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const scaled = (values[i] as number) * scale;
    if (!Number.isInteger(scaled) || scaled < 0 || scaled > 255) return null;
    bytes[i] = scaled;
  }
  return bytes;
}

/** Characters of base64 per line of Python source. */
const LINE = 96;

/**
 * A Python expression for a base64 string: implicitly concatenated literals, one per line, indented
 * by `indent` spaces, inside parentheses (so a long blob stays a readable block).
 */
export function pythonBase64(bytes: Uint8Array, indent = 4): string {
  const text = base64(bytes);
  if (text.length <= LINE) return `"${text}"`;
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += LINE) lines.push(`${pad}"${text.slice(i, i + LINE)}"`);
  return `(\n${lines.join('\n')}\n${' '.repeat(Math.max(0, indent - 4))})`;
}

/**
 * A number as Python source that reads back as the same float64 (JavaScript's shortest round-trip
 * form is valid Python for finite values).
 * @throws RangeError for NaN or an infinity.
 */
export function pythonNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${String(value)} has no Python literal here`);
  return String(value);
}
