// One-off converter: the shared 8×8 digits CSV (gzip) → the compact binary the page ships.
//
//   node scripts/build-digits.mjs [input.csv.gz] [output.bin]
//
// Defaults: ../shared/data/digits.csv.gz → public/data/digits.bin. The output is committed; the page
// never downloads data at run time. The layout (read by src/data/digits.ts) is, little-endian:
//   0  4 bytes  magic "DG88"
//   4  u16      format version (1)
//   6  u8       image side (8)
//   7  u8       classes (10)
//   8  u32      row count
//   12 u32      FNV-1a (32-bit) of everything after the header, so a truncated or edited file is caught
//   16 rows     per row: 64 pixel bytes (0–16, row-major) then 1 label byte (0–9)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const input = process.argv[2] ?? resolve(root, '../shared/data/digits.csv.gz');
const output = process.argv[3] ?? resolve(root, 'public/data/digits.bin');

const SIDE = 8;
const PIXELS = SIDE * SIDE;
const CLASSES = 10;
const HEADER = 16;
const ROW = PIXELS + 1;

/** @param {Uint8Array} bytes */
function fnv1a(bytes) {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash >>> 0;
}

const lines = gunzipSync(readFileSync(input))
  .toString('utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.length > 0);

const bytes = new Uint8Array(HEADER + lines.length * ROW);
for (const [r, line] of lines.entries()) {
  const cells = line.split(',').map(Number);
  if (cells.length !== ROW) throw new Error(`row ${r + 1}: expected ${ROW} values, got ${cells.length}`);
  for (const [c, value] of cells.entries()) {
    const max = c < PIXELS ? 16 : CLASSES - 1;
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new Error(`row ${r + 1}, column ${c + 1}: ${value} is not an integer in 0..${max}`);
    }
    bytes[HEADER + r * ROW + c] = value;
  }
}

const view = new DataView(bytes.buffer);
bytes.set([0x44, 0x47, 0x38, 0x38], 0); // "DG88"
view.setUint16(4, 1, true);
view.setUint8(6, SIDE);
view.setUint8(7, CLASSES);
view.setUint32(8, lines.length, true);
view.setUint32(12, fnv1a(bytes.subarray(HEADER)), true);

writeFileSync(output, bytes);
console.log(`wrote ${lines.length} digits (${bytes.length} bytes) to ${output}`);
