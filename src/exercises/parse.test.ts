import { describe, expect, it } from 'vitest';
import { countsFormatProblem, parseCounts, parseFraction, parseWhole } from './parse';

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

describe('format slips', () => {
  it('reads full-width digits and commas, and extra spaces', () => {
    expect(parseCounts('３，３，３，１')).toEqual([3, 3, 3, 1]);
    expect(parseCounts('  3 ,   3,3 ,  1  ')).toEqual([3, 3, 3, 1]);
    expect(parseWhole('５')).toBe(5);
    expect(parseFraction('１/８')).toBe(0.125);
    expect(countsFormatProblem('３，３，３，１')).toBeNull();
  });

  it('names decimals where whole numbers are expected as a format problem', () => {
    expect(countsFormatProblem('11.5, 11.5')).toMatch(/whole samples/);
    expect(countsFormatProblem('')).toMatch(/whole numbers/);
    expect(countsFormatProblem('three')).toMatch(/whole numbers/);
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
