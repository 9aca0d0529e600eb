import { expect, test } from '@playwright/test';

test.describe('the GPUs slider splits the batch like torch.chunk', () => {
  test('3 GPUs, batch 10: 4, 4 and 2 samples', async ({ page }) => {
    await page.goto('./?gpus=3&batch=10');
    await expect(page.getByRole('group', { name: 'GPU 0' })).toContainText('rows 0–3 · 4 samples');
    await expect(page.getByRole('group', { name: 'GPU 1' })).toContainText('rows 4–7 · 4 samples');
    await expect(page.getByRole('group', { name: 'GPU 2' })).toContainText('rows 8–9 · 2 samples');
    await expect(page.getByRole('group', { name: /^GPU \d$/ })).toHaveCount(3);
  });

  test('moving the slider with the keyboard to 4 gives 3, 3, 3, 1 and updates the URL', async ({ page }) => {
    await page.goto('./?gpus=3&batch=10');
    const slider = page.getByRole('slider', { name: 'GPUs' });
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect(slider).toHaveValue('4');
    const sizes = ['3 samples', '3 samples', '3 samples', '1 sample'];
    for (const [device, size] of sizes.entries()) {
      await expect(page.getByRole('group', { name: `GPU ${device}` })).toContainText(size);
    }
    await expect(page).toHaveURL(/gpus=4/);
  });

  test('10 samples on 8 GPUs leave GPUs 5–7 idle', async ({ page }) => {
    await page.goto('./?gpus=8&batch=10');
    for (const device of [0, 1, 2, 3, 4]) {
      await expect(page.getByRole('group', { name: `GPU ${device}` })).toContainText('2 samples');
    }
    for (const device of [5, 6, 7]) {
      await expect(page.getByRole('group', { name: `GPU ${device}` })).toContainText('idle');
    }
  });

  test('an invalid link is clamped with a visible notice', async ({ page }) => {
    await page.goto('./?gpus=99&batch=-5');
    const notices = page.getByRole('region', { name: 'Notices' });
    await expect(notices).toContainText('GPUs "99"');
    await expect(notices).toContainText('Batch size "-5"');
    await expect(page.getByRole('slider', { name: 'GPUs' })).toHaveValue('8');
    await expect(page.getByRole('group', { name: 'GPU 0' })).toContainText('1 sample');
  });
});

test('the badge names the compute engine the page will use', async ({ page }, testInfo) => {
  await page.goto('./');
  const badge = page.getByRole('status', { name: 'Compute engine' });
  if (testInfo.project.name === 'webgpu') {
    // The CPU stands in while WebGPU compiles its kernels ("CPU while WebGPU compiles"); WebGPU then
    // takes over — on a software GPU on a busy machine that first compile can take a while.
    await expect(badge).toHaveText(/^WebGPU · \S/, { timeout: 120_000 });
  } else {
    await expect(badge).toHaveText(/^CPU \(WebGPU unavailable: .+\)$/);
  }
});
