import { expect, type Page, test } from '@playwright/test';

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
  await context.setOffline(false);
});

test('a new deploy is offered, and taken when the learner asks', async ({ context, page }) => {
  test.setTimeout(240_000);
  await page.goto('./');
  await controlled(page);
  // A new deploy: the same worker script with different bytes, as a new build would give.
  await context.route('**/sw.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${await response.text()}\n// next deploy\n` });
  });
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  const prompt = page.getByRole('status').filter({ hasText: 'A new version of the playground is ready.' });
  await expect(prompt).toBeVisible({ timeout: 60_000 });
  const reloaded = page.waitForEvent('load');
  await prompt.getByRole('button', { name: 'Reload to update' }).click();
  await reloaded;
  await expect(prompt).toHaveCount(0);
});
