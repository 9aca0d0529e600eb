import { expect, type Page, test } from '@playwright/test';

/**
 * Fast changes end in exactly the last state: the stage shows the last GPU count's cards, and the
 * narration the split of that count — never a step computed for one count drawn with another.
 */

const cards = (page: Page) => page.getByRole('group', { name: /^GPU \d$/ });
const narration = (page: Page) => page.locator('[data-tour="narration"]');

/** `torch.chunk`'s sizes for `batch` rows on `gpus` GPUs, as the narration lists them. */
function split(batch: number, gpus: number): string {
  const size = Math.ceil(batch / gpus);
  const sizes: number[] = [];
  for (let start = 0; start < batch; start += size) sizes.push(Math.min(size, batch - start));
  return sizes.join(', ');
}

async function expectStage(page: Page, gpus: number, batch: number): Promise<void> {
  await expect(page.getByRole('slider', { name: 'GPUs' })).toHaveValue(String(gpus));
  await expect(cards(page)).toHaveCount(gpus, FIRST_STAGE);
  await expect(narration(page)).toContainText(`${batch} samples split into ${split(batch, gpus)}`);
  await expect(page.locator('[data-run-status]')).toHaveAttribute('data-run-status', 'ready');
  // Settled: still the same a moment later (no late step for another count arrives).
  await page.waitForTimeout(500);
  await expect(cards(page)).toHaveCount(gpus);
  await expect(narration(page)).toContainText(`split into ${split(batch, gpus)}`);
}

/** The first stage waits for the page, the worker and (on WebGPU) its first compile; a loaded machine is slow. */
const FIRST_STAGE = { timeout: 90_000 };

test.describe('fast changes end in exactly the last state', () => {
  test.describe.configure({ timeout: 240_000 });

  test('ten slider moves in a row by keyboard', async ({ page }) => {
    await page.goto('./?gpus=3&batch=10');
    await expect(cards(page)).toHaveCount(3, FIRST_STAGE);
    const slider = page.getByRole('slider', { name: 'GPUs' });
    await slider.focus();
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight']) {
      await page.keyboard.press(key);
    }
    for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowRight']) {
      await page.keyboard.press(key);
    }
    await expectStage(page, 5, 10);
  });

  test('a held arrow key', async ({ page }) => {
    await page.goto('./?gpus=8&batch=10');
    await expect(cards(page)).toHaveCount(8, FIRST_STAGE);
    await page.getByRole('slider', { name: 'GPUs' }).focus();
    // Holding a key sends repeated keydowns (repeat: true) and one keyup.
    for (let i = 0; i < 6; i++) await page.keyboard.down('ArrowLeft');
    await page.keyboard.up('ArrowLeft');
    await expectStage(page, 2, 10);
  });

  test('the slider, the batch and the data set changed at once', async ({ page }) => {
    await page.goto('./?gpus=3&batch=10');
    await expect(cards(page)).toHaveCount(3, FIRST_STAGE);
    await page.getByRole('slider', { name: 'GPUs' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByLabel('Batch size').fill('12');
    // The data set sits in the folded Advanced settings.
    await page.getByText('Advanced', { exact: true }).click();
    await page.getByLabel('Data set').selectOption('moons');
    await expectStage(page, 4, 12);
    await expect(page).toHaveURL(/gpus=4/);
    await expect(page).toHaveURL(/batch=12/);
    await expect(page).toHaveURL(/dataset=moons/);
  });
});
