import { expect, type Page, test } from '@playwright/test';

const ORDER = [
  'Scatter',
  'Replicate',
  'Forward',
  'Gather',
  'Loss',
  'Backward',
  'Reduce-add',
  'Optimizer step',
];

function narration(page: Page) {
  return page.getByRole('status').filter({ hasText: /^Step \d+/ });
}

async function waitForStep(page: Page) {
  await expect(page.getByRole('button', { name: 'Next phase' })).toBeEnabled({ timeout: 30_000 });
}

test.describe('the stage plays a real DataParallel step phase by phase', () => {
  test('a link to the scatter of 10 samples on 3 GPUs narrates 4, 4, 2', async ({ page }) => {
    await page.goto('./?gpus=3&batch=10&phase=scatter');
    await waitForStep(page);
    await expect(narration(page)).toContainText('Scatter: 10 samples split into 4, 4, 2 across GPUs 0–2');
  });

  test('a shared link reopens the same step and phase', async ({ page }) => {
    await page.goto('./?gpus=3&batch=10&step=3&phase=gather&seed=7');
    await waitForStep(page);
    await expect(narration(page)).toContainText(/^Step 4 · Gather:/);
    await expect(page.locator('[data-steps-done]')).toHaveAttribute('data-steps-done', '4');
    await expect(page).toHaveURL(/step=3/);
    await expect(page).toHaveURL(/phase=gather/);
  });

  test('Next phase walks through the phases in PyTorch order, and Previous phase goes back', async ({
    page,
  }) => {
    await page.goto('./?gpus=3&batch=10');
    await waitForStep(page);
    const next = page.getByRole('button', { name: 'Next phase' });
    for (const [index, title] of ORDER.entries()) {
      await expect(narration(page)).toContainText(`${title}:`);
      await expect(page.getByRole('button', { name: title, exact: true })).toHaveAttribute(
        'aria-current',
        'step',
      );
      if (index < ORDER.length - 1) await next.click();
    }
    await expect(page).toHaveURL(/phase=optimizer-step/);
    await page.getByRole('button', { name: 'Previous phase' }).click();
    await expect(narration(page)).toContainText('Reduce-add:');
    // After the optimizer step comes the next step's scatter; its replicate carries the new weights.
    await next.click();
    await next.click();
    await expect(narration(page)).toContainText(/^Step 2 · Scatter:/);
    await expect(page).toHaveURL(/step=1/);
  });

  test('the keyboard drives playback: → next, ← previous, Home reset, Space play', async ({ page }) => {
    await page.goto('./?gpus=4&batch=10');
    await waitForStep(page);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await expect(narration(page)).toContainText('Replicate:');
    await page.keyboard.press('ArrowRight');
    await expect(narration(page)).toContainText('Forward:');
    await page.keyboard.press('ArrowLeft');
    await expect(narration(page)).toContainText('Replicate:');
    await page.keyboard.press('Home');
    await expect(narration(page)).toContainText('Scatter: 10 samples split into 3, 3, 3, 1');
    await page.keyboard.press(' ');
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    await expect(narration(page)).toContainText('Replicate:', { timeout: 10_000 });
    await page.keyboard.press(' ');
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  });

  test('reduce-add shows each replica’s real gradient, and their sum equals the 1-GPU gradient', async ({
    page,
  }) => {
    await page.goto('./?gpus=3&batch=10&phase=reduce-add');
    await waitForStep(page);
    const detail = page.locator('[data-reduce-add]');
    await expect(detail).toBeVisible();
    const terms = (await detail
      .locator('[data-grad]')
      .evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-grad'))))) as number[];
    expect(terms).toHaveLength(3);
    const sum = Number(await detail.locator('[data-sum]').getAttribute('data-sum'));
    const single = Number(await detail.locator('[data-single]').getAttribute('data-single'));
    expect(Math.abs(terms.reduce((a, b) => a + b, 0) - sum)).toBeLessThan(1e-6);
    expect(Math.abs(sum - single)).toBeLessThan(1e-5);
    await expect(page.getByRole('group', { name: 'GPU 0' })).toContainText('Σ g =');
  });

  test('after gather, nvidia-smi shows GPU 0 holding more memory than GPU 1', async ({ page }) => {
    await page.goto('./?gpus=3&batch=10&phase=gather');
    await waitForStep(page);
    // nvidia-smi is one of the views docked beside the stage.
    await page.getByRole('tab', { name: 'nvidia-smi' }).click();
    const smi = page.getByRole('region', { name: 'nvidia-smi' });
    const used = async (device: number) =>
      Number(
        await smi.getByRole('row', { name: new RegExp(`^GPU ${device}\\b`) }).getAttribute('data-used-bytes'),
      );
    await expect(smi).toContainText('Gather');
    expect(await used(0)).toBeGreaterThan(await used(1));
    expect(await used(1)).toBeGreaterThan(0);
  });

  test('with reduced motion, Play still moves from phase to phase', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./?gpus=2&batch=8');
    await waitForStep(page);
    await page.getByRole('button', { name: 'Play' }).click();
    await expect(narration(page)).toContainText('Replicate:', { timeout: 10_000 });
    await expect(narration(page)).toContainText('Forward:', { timeout: 10_000 });
  });

  test('training continuously lowers the loss and raises the accuracy', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('./?gpus=2&batch=32&dataset=spiral&optimizer=adam&lr=0.03');
    await waitForStep(page);
    await page.getByRole('button', { name: 'Train continuously' }).click();
    const trained = page.locator('[data-steps-done]');
    await expect
      .poll(async () => Number(await trained.getAttribute('data-steps-done')), { timeout: 90_000 })
      .toBeGreaterThanOrEqual(200);
    await page.getByRole('button', { name: 'Stop training' }).click();
    const summary = page.locator('[data-progress-summary]');
    await expect(summary).toBeVisible();
    const first = Number(await summary.getAttribute('data-first-loss'));
    const last = Number(await summary.getAttribute('data-last-loss'));
    const firstAccuracy = Number(await summary.getAttribute('data-first-accuracy'));
    const lastAccuracy = Number(await summary.getAttribute('data-last-accuracy'));
    expect(last).toBeLessThan(first);
    expect(lastAccuracy).toBeGreaterThan(firstAccuracy);
  });

  test('a learning rate that makes training run away stops it with a clear message', async ({ page }) => {
    await page.goto('./?gpus=2&batch=32&optimizer=sgd&lr=10');
    await waitForStep(page);
    await page.getByRole('button', { name: 'Train continuously' }).click();
    const notices = page.getByRole('region', { name: 'Notices' });
    await expect(notices).toContainText('learning rate is too large', { timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Train continuously' })).toBeEnabled();
  });

  test('a 360 px wide screen has no horizontal scroll', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto('./?gpus=8&batch=10');
    await waitForStep(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
