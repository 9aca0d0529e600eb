import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

/** Every axe rule violation on the page as it is now, one line each. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

async function ready(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: 'Next phase' })).toBeEnabled({ timeout: 30_000 });
}

test.describe('accessibility (axe)', () => {
  test('the page at rest on a phase has no violations', async ({ page }) => {
    await page.goto('./?gpus=3&batch=10&phase=reduce-add');
    await ready(page);
    expect(await violations(page)).toEqual([]);
  });

  test('dark theme on a phone, in a tutorial lesson, has no violations', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto('./?gpus=8&batch=10&phase=gather&lesson=split-batch');
    await ready(page);
    expect(await violations(page)).toEqual([]);
  });

  test('the digits, with a wrong exercise answer showing, have no violations', async ({ page }) => {
    await page.goto('./?gpus=4&batch=30&dataset=digits&phase=scatter');
    await ready(page);
    const split = page.getByRole('region', { name: 'Exercise: Predict the split' });
    await split.getByRole('textbox').fill('1, 2, 3');
    await split.getByRole('button', { name: 'Check' }).click();
    await expect(split.getByRole('status')).toContainText('Not quite');
    expect(await violations(page)).toEqual([]);
  });
});
