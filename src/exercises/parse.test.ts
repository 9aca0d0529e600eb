import { describe, expect, it } from 'vitest';
import { parseCounts, parseFraction, parseWhole } from './parse';

describe('parseCounts', () => {
  it('reads lists written in many ways', () => {
    for (const text of ['3, 3, 3, 1', '3,3,3,1', '3 3 3 1', ' [3, 3, 3, 1] ', '3; 3; 3; 1', '(3 ,3,3 ,1)']) {
      expect(parseCounts(text)).toEqual([3, 3, 3, 1]);
    }
  });

  it('refuses anything that is not whole numbers', () => {
    for (const text of ['', '  ', '3, x, 1', '3.5, 2', '-1, 2', 'three', '3-3-3-1']) {
      expect(parseCounts(text)).toBeNull();
    }
  });
});

describe('parseWhole', () => {
  it('reads a number with or without a unit', () => {
    expect(parseWhole('4')).toBe(4);
    expect(parseWhole(' 4 GPUs ')).toBe(4);
    expect(parseWhole('4.')).toBe(4);
  });

  it('refuses lists, fractions and words alone', () => {
    for (const text of ['', '4, 5', '4.5', 'four', '-4']) expect(parseWhole(text)).toBeNull();
  });
});

describe('parseFraction', () => {
  it('reads fractions, decimals and percentages', () => {
    expect(parseFraction('1/6')).toBeCloseTo(1 / 6);
    expect(parseFraction(' 1 / 6 ')).toBeCloseTo(1 / 6);
    expect(parseFraction('0.125')).toBe(0.125);
    expect(parseFraction('.125')).toBe(0.125);
    expect(parseFraction('0,125')).toBe(0.125);
    expect(parseFraction('12.5%')).toBe(0.125);
  });

  it('refuses division by zero and words', () => {
    for (const text of ['1/0', '', 'a sixth', '1/6/2']) expect(parseFraction(text)).toBeNull();
  });
});
