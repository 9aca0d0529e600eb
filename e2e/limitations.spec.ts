import { expect, type Page, test } from '@playwright/test';

async function ready(page: Page): Promise<void> {
  await expect(page.getByRole('button', { name: 'Next phase' })).toBeEnabled({ timeout: 90_000 });
}

test.describe('Limitations', () => {
  test.setTimeout(150_000);
  test('the four figures are on the page, modeled and measured labelled, and follow the controls', async ({
    page,
  }) => {
    await page.goto('./?gpus=4&batch=16&step=2&mode=ddp');
    await ready(page);
    await page.getByRole('tab', { name: 'Limits' }).click();
    const panel = page.getByRole('region', { name: 'Limitations' });
    const bottleneck = panel.getByRole('region', { name: 'Single-process bottleneck' });
    await expect(bottleneck).toContainText('DataParallel drives 4 GPUs from one process');
    await expect(bottleneck).toContainText('Measured in this browser (the shown step, DDP)');
    await expect(bottleneck.getByText(/ms measured$/).first()).toBeVisible();

    await expect(panel.getByRole('region', { name: 'Scalability' })).toContainText(
      'cannot leave one machine',
    );

    const memory = panel.getByRole('region', { name: 'Memory' });
    const sentence = memory.getByText(/^Modeled: At width/);
    const before = await sentence.textContent();
    await memory.getByLabel('Hidden width').fill('2048');
    await expect(sentence).toContainText('At width 2048');
    expect(await sentence.textContent()).not.toBe(before);

    const nodes = panel.getByRole('region', { name: 'One machine' });
    await expect(
      nodes.getByRole('img', { name: /DDP on 2 machines of 8 GPUs: 16 of 16 GPUs/ }),
    ).toBeVisible();
    await expect(nodes).toContainText(
      '16 of 16 GPUs take part, all in one ring of 16 ranks. (the mode this page is in)',
    );
  });
});
