import { expect, type Page, test } from '@playwright/test';

async function ready(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: 'Next phase' })).toBeEnabled({ timeout: 90_000 }); // a mode switch replays the run
}

/** Press Next phase until the narration mentions `text` (at most `limit` times). */
async function nextUntil(page: Page, text: RegExp, limit = 12): Promise<void> {
  const status = page.getByRole('status').filter({ hasText: /Step \d+/ });
  for (let i = 0; i < limit; i++) {
    if (text.test((await status.textContent()) ?? '')) return;
    await page.getByRole('button', { name: 'Next phase' }).click();
  }
  await expect(status).toContainText(text);
}

test.describe('DistributedDataParallel mode', () => {
  // Each mode switch reconfigures the worker and replays the steps; under load that takes a while.
  test.setTimeout(150_000);
  test('switching modes keeps the step', async ({ page }) => {
    await page.goto('./?gpus=3&batch=9&step=4');
    await ready(page);
    await expect(page.getByRole('status').filter({ hasText: /Step \d+/ })).toContainText('Step 5');
    const mode = page.getByRole('group', { name: 'Mode' });
    await mode.getByRole('button', { name: 'DistributedDataParallel' }).click();
    await expect(mode.getByRole('button', { name: 'DistributedDataParallel' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(page).toHaveURL(/mode=ddp/);
    await ready(page);
    await expect(page.getByRole('status').filter({ hasText: /Step \d+/ })).toContainText('Step 5');
    await mode.getByRole('button', { name: 'DataParallel', exact: true }).click();
    await ready(page);
    await expect(page.getByRole('status').filter({ hasText: /Step \d+/ })).toContainText('Step 5');
    await expect(page.getByRole('region', { name: 'PyTorch code' })).toContainText('nn.DataParallel');
  });

  test('DDP narrates no gather, runs 2(N−1) ring rounds and shows one averaged gradient on every rank', async ({
    page,
  }) => {
    await page.goto('./?gpus=4&batch=8&mode=ddp');
    await ready(page);
    const code = page.getByRole('region', { name: 'PyTorch code' });
    await expect(code).toContainText('init_process_group');
    await expect(code).toContainText('DistributedSampler');
    await expect(code).toContainText('DDP(model, device_ids=[rank])');
    await expect(code).toContainText('torchrun --nproc_per_node=4');
    await nextUntil(page, /Forward \+ loss/);
    await expect(page.getByRole('status').filter({ hasText: /Step \d+/ })).toContainText('no gather');
    await expect(page.getByTestId('ring-rounds')).toHaveText('6');
    await nextUntil(page, /round 6 of 6 \(all-gather\)/);
    // Each rank's card, as a person reads it: after the last round its bucket holds the mean gradient.
    const values = await Promise.all(
      [0, 1, 2, 3].map(async (rank) => {
        const text = (await page.getByRole('group', { name: `GPU ${rank}` }).textContent()) ?? '';
        return /mean grad\s*g (-?[\d.e-]+)/.exec(text)?.[1];
      }),
    );
    expect(values[0]).toMatch(/\d/);
    expect(new Set(values).size).toBe(1);
    await nextUntil(page, /Optimizer step/);
    await expect(page.getByRole('status').filter({ hasText: /Step \d+/ })).toContainText(
      'all 4 ranks hold identical weights',
    );
  });
});
