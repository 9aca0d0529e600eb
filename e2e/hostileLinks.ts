/**
 * Hostile links for the end-to-end link tests: seeded, so a failing link can be named and reopened. The
 * parameters come from the list urlState reads (plus the tutorial's `lesson`, wherever it is read), so a
 * parameter added there is fuzzed here without a change.
 */
import { FIELDS } from '../app/store/urlState';
import { LESSON_IDS } from '../app/tutorial/lessonIds';
import { seededRandom } from '../src/random/seeded';

export type Param = { key: string; kind: 'int' | 'real' | 'choice'; values: readonly string[] };

export const PARAMS: readonly Param[] = [
  ...FIELDS.map(
    (field): Param => ({
      key: field.key,
      kind: field.kind,
      values: field.kind === 'choice' ? field.values : [String(field.min), String(field.max)],
    }),
  ),
  ...(FIELDS.some((field) => (field.key as string) === 'lesson')
    ? []
    : [{ key: 'lesson', kind: 'choice', values: LESSON_IDS } satisfies Param]),
];

type Value = { raw: string; encoded: boolean };

/** Kinds of hostile value; `encoded: false` means the text goes into the query as written. */
const VALUES: readonly ((param: Param, pick: <T>(list: readonly T[]) => T) => Value)[] = [
  () => ({ raw: '1e308', encoded: true }),
  () => ({ raw: '9'.repeat(400), encoded: true }),
  () => ({ raw: '-1', encoded: true }),
  () => ({ raw: '-99999999', encoded: true }),
  () => ({ raw: 'NaN', encoded: true }),
  () => ({ raw: 'Infinity', encoded: true }),
  () => ({ raw: '-Infinity', encoded: true }),
  () => ({ raw: '0x10', encoded: true }),
  () => ({ raw: '2.5', encoded: true }),
  () => ({ raw: '', encoded: true }),
  () => ({ raw: '   ', encoded: true }),
  () => ({ raw: '４', encoded: true }),
  () => ({ raw: '三', encoded: true }),
  () => ({ raw: '🚀🚀', encoded: true }),
  () => ({ raw: 'e\u0301\u200b\u202e', encoded: true }),
  () => ({ raw: '__proto__', encoded: true }),
  () => ({ raw: 'constructor', encoded: true }),
  () => ({ raw: '<script>alert(1)</script>', encoded: true }),
  () => ({ raw: '"><img src=x onerror=alert(1)>', encoded: true }),
  () => ({ raw: 'javascript:alert(1)', encoded: true }),
  () => ({ raw: `\${7*7}{{7*7}}`, encoded: true }),
  (_, pick) => ({ raw: pick(['a', '7', '%', '<']).repeat(5000), encoded: true }),
  (_, pick) => ({ raw: pick(['%', '%E0%A4%A', '%zz', '%%41', '%C0%AF', '%FF%FE']), encoded: false }),
  (param, pick) => ({ raw: pick(param.values), encoded: true }),
  (param, pick) => ({ raw: ` ${pick(param.values).toUpperCase()} `, encoded: true }),
];

export type HostileLink = { query: string; keys: string[] };

/** `count` links from `seed`; link i always names PARAMS[i mod n], so every parameter is covered. */
export function hostileLinks(count: number, seed = 14): HostileLink[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[random.int(0, list.length - 1)] as T;
  const value = (param: Param): string => {
    const { raw, encoded } = pick(VALUES)(param, pick);
    return encoded ? encodeURIComponent(raw) : raw;
  };
  const links: HostileLink[] = [];
  for (let i = 0; i < count; i++) {
    const chosen = new Set<Param>([PARAMS[i % PARAMS.length] as Param]);
    for (let extra = random.int(0, 3); extra > 0; extra--) chosen.add(pick(PARAMS));
    const parts: string[] = [];
    for (const param of chosen) {
      parts.push(`${param.key}=${value(param)}`);
      if (random.next() < 0.15) parts.push(`${param.key}=${value(param)}`);
    }
    if (random.next() < 0.2)
      parts.push(`${pick(['__proto__', 'constructor', '__proto__[gpus]'])}=${value(pick(PARAMS))}`);
    // A named phase opens the page at rest, so the URL does not move on while the test reads it.
    if (!chosen.has(PARAMS.find((p) => p.key === 'phase') as Param)) parts.push('phase=forward');
    const shuffled = parts.map((part) => ({ part, order: random.next() })).sort((a, b) => a.order - b.order);
    links.push({
      query: `?${shuffled.map(({ part }) => part).join('&')}`,
      keys: [...chosen].map((p) => p.key),
    });
  }
  return links;
}
