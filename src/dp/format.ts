/**
 * How numbers read in narration and error messages: byte sizes in nvidia-smi's binary units, lists of
 * chunk sizes, ranges of GPUs and rows.
 */

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** A byte count the way nvidia-smi would show it, e.g. "1.4 KiB", "29.3 MiB", "40.0 GiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} ${value === 1 ? 'byte' : 'bytes'}`;
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** A count with thousands separators, e.g. 7490 → "7,490". */
export function formatCount(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A duration in milliseconds with sensible precision, e.g. "0.042 ms", "3.1 ms", "120 ms". */
export function formatMs(ms: number): string {
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toPrecision(2)} ms`;
}

/** "GPU 3", or for a run of consecutive devices "GPUs 5–7", for two "GPUs 0 and 1". */
export function formatGpus(devices: readonly number[]): string {
  const first = devices[0];
  const last = devices[devices.length - 1];
  if (first === undefined || last === undefined) return 'no GPU';
  if (devices.length === 1) return `GPU ${first}`;
  const consecutive = devices.every((device, i) => device === first + i);
  if (devices.length === 2) return `GPUs ${first} and ${last}`;
  if (consecutive) return `GPUs ${first}–${last}`;
  return `GPUs ${devices.slice(0, -1).join(', ')} and ${last}`;
}

/** Chunk sizes as prose, e.g. [4, 4, 2] → "4, 4, 2". */
export function formatSizes(sizes: readonly number[]): string {
  return sizes.join(', ');
}

/** A half-open row range as the rows a person would count, e.g. [4, 8) → "rows 4–7", [9, 10) → "row 9". */
export function formatRows(rows: readonly [number, number]): string {
  const [start, end] = rows;
  return end - start === 1 ? `row ${start}` : `rows ${start}–${end - 1}`;
}

/** "1 sample", "4 samples"; irregular nouns pass their plural, e.g. `plural(3, 'copy', 'copies')`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${formatCount(count)} ${count === 1 ? noun : nouns}`;
}
