import { readFile, writeFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';

const SERVICE_WORKER = new URL('../dist/sw.js', import.meta.url);

// The service worker and its cache do not depend on the engine; one project is enough.
test.beforeEach(() => test.skip(test.info().project.name !== 'cpu', 'engine-independent'));

async function controlled(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
}

test('after one visit the page opens and trains with the network off', async ({ context, page }) => {
  test.setTimeout(240_000);
  await page.goto('./?gpus=2');
  await controlled(page);

  await context.setOffline(true);
  await page.goto('./?gpus=4&dataset=digits');
  await expect(page.getByRole('group', { name: /^GPU \d$/ })).toHaveCount(4, { timeout: 120_000 });
  const steps = page.locator('[data-steps-done]');
  await page.getByRole('button', { name: 'Train continuously' }).click({ timeout: 120_000 });
  await expect
    .poll(async () => Number(await steps.getAttribute('data-steps-done')), { timeout: 120_000 })
    .toBeGreaterThan(5);
});

test('a new deploy is offered, and taken when the learner asks', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('./');
  await controlled(page);
  // A new deploy: the served worker script gets different bytes, as a new build would give it. (The
  // browser fetches it for an update check outside Playwright's routing, so the file itself changes.)
  const deployed = await readFile(SERVICE_WORKER, 'utf8');
  await writeFile(SERVICE_WORKER, `${deployed}\n// the next deploy\n`);
  try {
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  } finally {
    await writeFile(SERVICE_WORKER, deployed);
  }
  const prompt = page.getByRole('status').filter({ hasText: 'A new version of the playground is ready.' });
  await expect(prompt).toBeVisible({ timeout: 60_000 });
  const reloaded = page.waitForEvent('load');
  await prompt.getByRole('button', { name: 'Reload to update' }).click();
  await reloaded;
  await expect(prompt).toHaveCount(0);
});
