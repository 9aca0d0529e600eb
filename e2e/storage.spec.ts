import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { PROGRESS_KEY, UNSAVED_NOTICE } from '../app/store/progressStorage';

// Storage is the same in both engines; one project is enough.
test.beforeEach(() => test.skip(test.info().project.name !== 'cpu', 'engine-independent'));

/** Ways a browser refuses to store: installed before the page's own scripts run. */
const REFUSALS = {
  missing: () => {
    Object.defineProperty(window, 'localStorage', { configurable: true, get: () => undefined });
  },
  blocked: () => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  },
  'quota exceeded': () => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  },
} as const;

function tutorial(page: Page) {
  const region = page.getByRole('region', { name: 'Tutorial' });
  return {
    region,
    count: region.locator('.tutorial-count'),
    next: region.getByRole('button', { name: 'Next', exact: true }),
    exportButton: region.getByRole('button', { name: 'Export progress' }),
    importButton: region.getByRole('button', { name: 'Import progress' }),
  };
}

async function exportProgress(page: Page): Promise<string> {
  const downloading = page.waitForEvent('download');
  await tutorial(page).exportButton.click();
  const path = await (await downloading).path();
  return readFile(path, 'utf8');
}

for (const [name, refuse] of Object.entries(REFUSALS)) {
  test(`localStorage ${name}: the page works, says once that progress is not saved, and keeps it`, async ({
    page,
  }) => {
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.addInitScript(refuse);
    await page.goto('./?gpus=4');
    await expect(page.getByRole('group', { name: /^GPU \d$/ })).toHaveCount(4);
    const unsaved = page.getByRole('alert').filter({ hasText: UNSAVED_NOTICE });
    await expect(unsaved).toHaveCount(1);

    // Progress goes on in memory, and every change after the first refusal stays quiet.
    const { count, next } = tutorial(page);
    await expect(count).toContainText('1 done');
    await next.click();
    await expect(count).toContainText('Lesson 2 of');
    await tutorial(page).region.getByRole('button', { name: 'Back', exact: true }).click();
    await expect(count).toContainText('Lesson 1 of');
    await expect(unsaved).toHaveCount(1);

    // Export still carries it away.
    const file = JSON.parse(await exportProgress(page)) as { tutorial: { completed: string[] } };
    expect(file.tutorial.completed).toEqual(['overview']);
    expect(errors).toEqual([]);
  });
}

test('exported progress imports into another browser, joined with what is there', async ({
  browser,
  page,
}) => {
  await page.goto('./');
  const from = tutorial(page);
  await expect(from.count).toContainText('1 done');
  await from.next.click();
  await expect(from.count).toContainText('Lesson 2 of');
  const text = await exportProgress(page);
  expect(JSON.parse(text)).toMatchObject({
    version: 1,
    tutorial: { lesson: 'wrap-model', completed: ['overview'] },
  });

  const other = await browser.newContext();
  const page2 = await other.newPage();
  await page2.goto('./?lesson=key-points');
  const to = tutorial(page2);
  await expect(to.count).toContainText('Lesson 15 of 15 · 1 done');
  // Keyboard only: Tab to the button, Enter opens the file chooser.
  await to.importButton.focus();
  const choosing = page2.waitForEvent('filechooser');
  await page2.keyboard.press('Enter');
  await (await choosing).setFiles({
    name: 'progress.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(to.region).toContainText('Imported progress.json: 2 lessons done');
  await expect(to.count).toContainText('Lesson 2 of 15 · 2 done');
  const saved = await page2.evaluate((key) => window.localStorage.getItem(key), PROGRESS_KEY);
  expect(JSON.parse(saved ?? '{}')).toMatchObject({
    tutorial: { lesson: 'wrap-model', completed: ['overview', 'key-points'] },
  });

  // A file that is not progress changes nothing, and says so.
  const again = page2.waitForEvent('filechooser');
  await to.importButton.click();
  await (await again).setFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"a":1}'),
  });
  await expect(to.region).toContainText('notes.json is not a progress file from this page');
  await expect(to.count).toContainText('Lesson 2 of 15 · 2 done');
  await other.close();
});
