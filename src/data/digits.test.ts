import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIGITS_CREDIT, decodeDigits, fnv1a, loadDigits } from './digits';

const file = readFileSync(new URL('../../public/data/digits.bin', import.meta.url));
const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);

/** A copy of the file with one byte changed, the header checksum optionally recomputed. */
function damaged(offset: number, value: number, fixChecksum = false): Uint8Array {
  const copy = bytes.slice();
  copy[offset] = value;
  if (fixChecksum) new DataView(copy.buffer).setUint32(12, fnv1a(copy.subarray(16)), true);
  return copy;
}

describe('public/data/digits.bin', () => {
  it('is the file converted from the shared CSV (SHA-256)', () => {
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      'cfbe0ab052a8d3cf430c6884ecb99a0ce790c2f7dc0562b40b840653bd793c31',
    );
  });

  it('decodes to 1,797 rows of 64 pixels in [0, 1] and 10 classes', () => {
    const data = decodeDigits(bytes);
    expect(data.count).toBe(1797);
    expect(data.features).toBe(64);
    expect(data.classes).toBe(10);
    expect(data.x).toHaveLength(1797 * 64);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of data.x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect([min, max]).toEqual([0, 1]);
    const counts = new Array<number>(10).fill(0);
    for (const label of data.y) counts[label] = (counts[label] ?? 0) + 1;
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  });

  it('keeps the first image: a 0 with its known pixels', () => {
    const data = decodeDigits(bytes);
    expect(data.y[0]).toBe(0);
    expect(Array.from(data.x.subarray(0, 8), (v) => v * 16)).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
  });
});

describe('decodeDigits rejects damaged bytes with a clear message', () => {
  it.each([
    ['a short file', bytes.subarray(0, 10), /shorter than its header/],
    ['a wrong magic', damaged(0, 0x58), /magic/],
    ['another version', damaged(4, 2), /version 2/],
    ['a truncated body', bytes.subarray(0, bytes.length - 5), /rows need/],
    ['a flipped pixel', damaged(20, 3), /checksum/],
    ['a pixel above 16', damaged(16, 17, true), /pixel 0 is 17/],
    ['a label above 9', damaged(16 + 64, 10, true), /label 10/],
  ])('%s', (_what, input, message) => {
    expect(() => decodeDigits(input)).toThrow(message);
  });
});

describe('loadDigits', () => {
  it('fetches and decodes', async () => {
    const data = await loadDigits('data/digits.bin', async (url) => {
      expect(url).toBe('data/digits.bin');
      return { ok: true, status: 200, arrayBuffer: async () => bytes.slice().buffer };
    });
    expect(data.count).toBe(1797);
  });

  it('reports an HTTP failure and a network failure', async () => {
    await expect(
      loadDigits('x.bin', async () => ({
        ok: false,
        status: 404,
        arrayBuffer: async () => new ArrayBuffer(0),
      })),
    ).rejects.toThrow(/x\.bin: HTTP 404/);
    await expect(
      loadDigits('y.bin', async () => {
        throw new TypeError('offline');
      }),
    ).rejects.toThrow(/y\.bin: TypeError: offline/);
  });

  it('ships a credit naming the source and licence', () => {
    expect(DIGITS_CREDIT).toMatch(/Alpaydin/);
    expect(DIGITS_CREDIT).toMatch(/CC BY 4\.0/);
  });
});
