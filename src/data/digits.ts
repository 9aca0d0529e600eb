/**
 * The 8×8 handwritten digits the page ships in `public/data/digits.bin` (written once by
 * `scripts/build-digits.mjs`): decoding with validation, and a fetch-based loader for the worker.
 *
 * The file is small (≈ 114 KiB) and checked by a header checksum, so a truncated download or an edited
 * file fails loudly here instead of training on garbage.
 */
import type { Dataset } from '../train/engine';

/** Attribution the UI must show wherever the digits appear (the data set is CC BY 4.0). */
export const DIGITS_CREDIT =
  'Digits: UCI "Optical Recognition of Handwritten Digits" by E. Alpaydin and C. Kaynak (1998), CC BY 4.0.';

/** Side of a digit image in pixels. */
export const DIGIT_SIDE = 8;
/** Brightest pixel value in the source data (pixels are counts of set cells in 4×4 blocks). */
export const DIGIT_MAX_PIXEL = 16;

const MAGIC = [0x44, 0x47, 0x38, 0x38]; // "DG88"
const VERSION = 1;
const HEADER_BYTES = 16;
const PIXELS = DIGIT_SIDE * DIGIT_SIDE;
const CLASSES = 10;
const ROW_BYTES = PIXELS + 1;

/** 32-bit FNV-1a, the checksum the header stores for the rows. */
export function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash >>> 0;
}

function fail(reason: string): never {
  throw new Error(`digits.bin is not a valid digits file: ${reason}`);
}

/**
 * Decode `digits.bin` into a data set: 64 features per row (pixels scaled from 0–16 to [0, 1]) and 10
 * classes.
 * @throws Error naming what is wrong — magic, version, shape, size, checksum or an out-of-range value.
 */
export function decodeDigits(data: ArrayBuffer | Uint8Array): Dataset {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.length < HEADER_BYTES) fail(`${bytes.length} bytes is shorter than its header`);
  if (MAGIC.some((byte, i) => bytes[i] !== byte)) fail('wrong magic number (expected "DG88")');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== VERSION) fail(`format version ${version}, this page reads version ${VERSION}`);
  if (view.getUint8(6) !== DIGIT_SIDE || view.getUint8(7) !== CLASSES) {
    fail(`images of side ${view.getUint8(6)} with ${view.getUint8(7)} classes, expected 8 and 10`);
  }
  const count = view.getUint32(8, true);
  const expected = HEADER_BYTES + count * ROW_BYTES;
  if (count === 0) fail('it holds no rows');
  if (bytes.length !== expected) fail(`${bytes.length} bytes, but ${count} rows need ${expected}`);
  const body = bytes.subarray(HEADER_BYTES);
  if (fnv1a(body) !== view.getUint32(12, true)) fail('checksum mismatch (the file is damaged)');

  const x = new Float32Array(count * PIXELS);
  const y = new Uint32Array(count);
  for (let r = 0; r < count; r++) {
    const row = body.subarray(r * ROW_BYTES, (r + 1) * ROW_BYTES);
    for (let p = 0; p < PIXELS; p++) {
      const value = row[p] as number;
      if (value > DIGIT_MAX_PIXEL) fail(`row ${r}, pixel ${p} is ${value} (max ${DIGIT_MAX_PIXEL})`);
      x[r * PIXELS + p] = value / DIGIT_MAX_PIXEL;
    }
    const label = row[PIXELS] as number;
    if (label >= CLASSES) fail(`row ${r} has label ${label} (max ${CLASSES - 1})`);
    y[r] = label;
  }
  return { x, y, count, features: PIXELS, classes: CLASSES };
}

/** How to fetch; defaults to the global `fetch` (tests pass their own). */
export type Fetch = (
  url: string,
) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

/**
 * Fetch and decode the digits (in the worker; the URL comes from the page so it honours the base path).
 * @throws Error when the request fails or the bytes are not a valid digits file.
 */
export async function loadDigits(url: string, fetchBytes: Fetch = (u) => fetch(u)): Promise<Dataset> {
  let response: Awaited<ReturnType<Fetch>>;
  try {
    response = await fetchBytes(url);
  } catch (error) {
    throw new Error(`could not load the digits from ${url}: ${String(error)}`);
  }
  if (!response.ok) throw new Error(`could not load the digits from ${url}: HTTP ${response.status}`);
  return decodeDigits(await response.arrayBuffer());
}
