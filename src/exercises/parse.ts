/**
 * Forgiving readers for typed answers: spaces, commas, semicolons, brackets and a trailing word or two
 * ("3 GPUs") are fine; anything that is not a plain number gives `null`, so the checker can say what
 * it could not read instead of guessing.
 */

/**
 * The answer as a plain ASCII string: full-width digits and punctuation ("３，３") become "3,3" (NFKC),
 * the ideographic comma and a decimal comma's look-alikes become commas, runs of spaces one space.
 */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[、，]/g, ',')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Why a list of counts could not be read, as a format problem (not a wrong answer), or null. */
export function countsFormatProblem(text: string): string | null {
  const cleaned = normalizeAnswer(text);
  if (cleaned === '') return 'type the sizes as whole numbers separated by commas, for example 4, 4, 2.';
  if (/\d\.\d/.test(cleaned)) {
    return 'a chunk holds whole samples, so write whole numbers separated by commas, for example 4, 4, 2 — not decimals.';
  }
  if (parseCounts(cleaned) === null) {
    return 'type whole numbers separated by commas or spaces, for example 4, 4, 2.';
  }
  return null;
}

/** Whole numbers separated by commas, semicolons or spaces, e.g. "3, 3,3 1" or "[4, 4, 2]". */
export function parseCounts(text: string): number[] | null {
  const inner = normalizeAnswer(text)
    .replace(/^[[(]\s*/, '')
    .replace(/\s*[\])]$/, '');
  if (inner === '') return null;
  const tokens = inner.split(/[\s,;]+/).filter((token) => token !== '');
  if (tokens.length === 0 || !tokens.every((token) => /^\d+$/.test(token))) return null;
  return tokens.map(Number);
}

/** One whole number, optionally followed by words ("4", " 4 GPUs", "4."). */
export function parseWhole(text: string): number | null {
  const match = /^\s*(\d+)\.?\s*([a-z\s]*)$/i.exec(normalizeAnswer(text));
  return match ? Number(match[1]) : null;
}

/** A fraction or a decimal: "1/6", "1 / 6", "0.1667", ".167", "16.7%". */
export function parseFraction(text: string): number | null {
  const cleaned = normalizeAnswer(text).replace(',', '.');
  const fraction = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(cleaned);
  if (fraction) {
    const denominator = Number(fraction[2]);
    return denominator === 0 ? null : Number(fraction[1]) / denominator;
  }
  const percent = /^(\d*\.?\d+)\s*%$/.exec(cleaned);
  if (percent) return Number(percent[1]) / 100;
  const decimal = /^(\d*\.?\d+)$/.exec(cleaned);
  return decimal ? Number(decimal[1]) : null;
}
