import { expect, type Page, test } from '@playwright/test';
import { parseSettings, quoteLinkValue } from '../app/store/urlState';
import { isLessonId } from '../app/tutorial/lessonIds';
import { type HostileLink, hostileLinks, PARAMS, type Param } from './hostileLinks';

/** 40 links here; `node scripts/fuzz-links.mjs` runs 200 or more through this same file. */
const COUNT = Number(process.env.LINK_COUNT ?? 40);
const SEED = Number(process.env.LINK_SEED ?? 14);
/** Links per test: the tests share the Playwright workers. */
const PER_TEST = 10;
/**
 * A link to a late step replays every step before the stage shows its cards (up to 5,000, tens of seconds
 * on a busy machine). The quick sample checks the replay is under way; the full run waits for the cards.
 */
const WAIT_FOR_REPLAY = process.env.LINK_FULL === '1';
const QUICK_STEPS = 200;

/** Whether the page uses something other than what the link says (a number written differently is the same). */
function replaced(param: Param, asked: string, used: string | undefined): boolean {
  if (used === undefined) return true;
  if (param.kind === 'choice') return asked !== used;
  return asked.trim() === '' || Number(asked) !== Number(used);
}

/** The URL holds the values in use once each, each readable without a repair. */
function settledUrl(page: Page): boolean {
  const search = new URL(page.url()).search;
  const lessons = new URLSearchParams(search).getAll('lesson');
  return parseSettings(search).notices.length === 0 && lessons.length <= 1 && lessons.every(isLessonId);
}

async function openLink(page: Page, { query }: HostileLink): Promise<void> {
  await page.goto(`./${query}`);
  await expect.poll(() => settledUrl(page), { message: `URL of ${query}` }).toBe(true);
  const used = new URL(page.url()).searchParams;
  // A link without repairs is left as written; what it does not name is the default.
  const { gpus, step } = parseSettings(`?${used}`).settings;
  expect(gpus, query).toBeGreaterThanOrEqual(1);
  expect(gpus, query).toBeLessThanOrEqual(8);
  const cards = page.getByRole('group', { name: /^GPU \d+$/ });
  if (step <= QUICK_STEPS || WAIT_FOR_REPLAY) {
    await expect(cards, query).toHaveCount(gpus, { timeout: 180_000 });
  } else {
    await expect(page.getByRole('progressbar', { name: /^Replaying the link’s steps/ }), query).toBeVisible();
  }

  // Every value the page did not use as written is quoted in a notice.
  const asked = new URLSearchParams(query);
  const region = page.getByRole('region', { name: 'Notices' });
  const notices = (await region.count()) > 0 ? ((await region.textContent()) ?? '') : '';
  for (const param of PARAMS) {
    const [first, ...ignored] = asked.getAll(param.key);
    if (first === undefined) continue;
    const inUse = used.getAll(param.key);
    const where = `${param.key} in ${query}`;
    expect(inUse, where).toHaveLength(1);
    if (replaced(param, first, inUse[0])) expect(notices, where).toContain(quoteLinkValue(first));
    for (const value of ignored) expect(notices, where).toContain(quoteLinkValue(value));
  }
}

// Links are read the same way whichever engine trains; one project keeps the suite quick.
test.beforeEach(() => test.skip(test.info().project.name !== 'cpu', 'engine-independent'));

const LINKS = hostileLinks(COUNT, SEED);
for (let from = 0; from < LINKS.length; from += PER_TEST) {
  const batch = LINKS.slice(from, from + PER_TEST);
  test(`hostile links ${from + 1}–${from + batch.length} of ${COUNT} (seed ${SEED}) open a working page that says what it changed`, async ({
    page,
  }) => {
    test.setTimeout(60_000 + batch.length * (WAIT_FOR_REPLAY ? 180_000 : 60_000));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
    for (const link of batch) await openLink(page, link);
    expect(errors).toEqual([]);
  });
}
