import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatGpus, formatMs, formatRows, plural } from './format';

describe('formatting for narration', () => {
  it('shows bytes in nvidia-smi’s binary units', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1000)).toBe('1000 bytes');
    expect(formatBytes(1416)).toBe('1.4 KiB');
    expect(formatBytes(40 * 1024 ** 3)).toBe('40.0 GiB');
  });

  it('groups thousands and rounds durations sensibly', () => {
    expect(formatCount(669706)).toBe('669,706');
    expect(formatMs(0.04213)).toBe('0.042 ms');
    expect(formatMs(3.14)).toBe('3.1 ms');
    expect(formatMs(120.4)).toBe('120 ms');
  });

  it('names GPUs as a person would', () => {
    expect(formatGpus([3])).toBe('GPU 3');
    expect(formatGpus([0, 1])).toBe('GPUs 0 and 1');
    expect(formatGpus([5, 6, 7])).toBe('GPUs 5–7');
    expect(formatGpus([0, 2, 5])).toBe('GPUs 0, 2 and 5');
    expect(formatGpus([])).toBe('no GPU');
  });

  it('counts rows from a half-open range', () => {
    expect(formatRows([4, 8])).toBe('rows 4–7');
    expect(formatRows([9, 10])).toBe('row 9');
  });

  it('pluralises regular and irregular nouns', () => {
    expect(plural(1, 'sample')).toBe('1 sample');
    expect(plural(4, 'sample')).toBe('4 samples');
    expect(plural(3, 'copy', 'copies')).toBe('3 copies');
  });
});
