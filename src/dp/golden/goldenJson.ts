/**
 * A stable, diff-friendly JSON layout for golden files: objects are spread one key per line, but a
 * small value stays on one line — an array element of nesting depth ≤ 2 (a trace event, a chunk) or
 * any value of depth ≤ 1 (a memory breakdown, a list of numbers). A changed event is then a one-line
 * diff instead of dozens of lines of single numbers. Keys keep their insertion order; the output
 * parses back to the same value.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** How deep containers nest inside `value`: 0 for a primitive, 1 for `[1, 2]`, 2 for `[{a: 1}]`. */
function depth(value: Json): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depth));
}

function oneLine(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  const entries = Object.entries(value).map(([key, entry]) => `${JSON.stringify(key)}: ${oneLine(entry)}`);
  return `{${entries.join(', ')}}`;
}

function layout(value: Json, indent: string, inArray: boolean): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (depth(value) <= (inArray ? 2 : 1)) return oneLine(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((entry) => `${inner}${layout(entry, inner, true)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const lines = entries.map(
    ([key, entry]) => `${inner}${JSON.stringify(key)}: ${layout(entry, inner, false)}`,
  );
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/** `value` as golden-file text, ending with a newline. */
export function goldenJson(value: unknown): string {
  return `${layout(JSON.parse(JSON.stringify(value)) as Json, '', false)}\n`;
}
