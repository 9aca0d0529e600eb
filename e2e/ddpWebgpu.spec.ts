import { expect, type Page, test } from '@playwright/test';

/** The stage's narration, which names the shown step. */
const narration = (page: Page) => page.getByRole('status').filter({ hasText: /Step \d+/ });

async function ready(page: Page): Promise<void> {
  // A mode switch replays the run to the same step; on a software GPU under load that takes a while.
  await expect(page.getByRole('button', { name: 'Next phase' })).toBeEnabled({ timeout: 90_000 });
}

/** Press Next phase until the narration mentions `text` (at most `limit` presses). */
async function nextUntil(page: Page, text: RegExp, limit = 12): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (text.test((await narration(page).textContent()) ?? '')) return;
    await page.getByRole('button', { name: 'Next phase' }).click();
  }
  await expect(narration(page)).toContainText(text);
}

test.describe('DistributedDataParallel on WebGPU', () => {
  test.setTimeout(150_000);

  test('a real WebGPU DDP step: 2(N−1) ring rounds, one averaged gradient on every rank, and a mode switch keeps the step', async ({
    page,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'webgpu', 'the CPU engine runs DDP in ddp.spec.ts');
    await page.goto('./?gpus=3&batch=9&mode=ddp&step=2');
    const badge = page.getByRole('status', { name: 'Compute engine' });
    // The CPU may stand in while WebGPU compiles; only a step shown after WebGPU took over ran on it.
    await expect(badge).toHaveText(/^WebGPU · \S/, { timeout: 120_000 });
    await ready(page);
    await expect(narration(page)).toContainText('Step 3');
    await nextUntil(page, /Step 4 /, 14);
    await expect(badge).toHaveText(/^WebGPU · \S/);

    await expect(page.getByTestId('ring-rounds')).toHaveText('4');
    await nextUntil(page, /round 4 of 4 \(all-gather\)/);
    // Each rank's card, as a person reads it: after the last round its bucket holds the mean gradient.
    const values = await Promise.all(
      [0, 1, 2].map(async (rank) => {
        const text = (await page.getByRole('group', { name: `GPU ${rank}` }).textContent()) ?? '';
        return /mean grad\s*g (-?[\d.e-]+)/.exec(text)?.[1];
      }),
    );
    expect(values[0]).toMatch(/\d/);
    expect(new Set(values).size).toBe(1);
    await nextUntil(page, /Optimizer step/);
    await expect(narration(page)).toContainText('all 3 ranks hold identical weights');

    const mode = page.getByRole('group', { name: 'Mode' });
    await mode.getByRole('button', { name: 'DataParallel', exact: true }).click();
    await ready(page);
    await expect(narration(page)).toContainText('Step 4');
    await expect(badge).toHaveText(/^WebGPU · \S/);
  });

  test("the docked views show DDP's step: every rank's process and memory, DDP's timeline", async ({
    page,
  }, testInfo) => {
    test.skip(
      testInfo.project.name === 'webgpu',
      'the views draw the same on either engine; the CPU is quicker',
    );
    await page.goto('./?gpus=4&batch=8&mode=ddp');
    await ready(page);
    await page.getByRole('tab', { name: 'nvidia-smi' }).click();
    const smi = page.getByRole('region', { name: 'nvidia-smi' });
    await expect(smi).toContainText('DDP, phase: Backward + all-reduce');
    const processes = smi.getByRole('table', { name: 'Processes' });
    for (const rank of [0, 1, 2, 3])
      await expect(processes).toContainText(`python train_ddp.py · rank ${rank}`);
    await expect(smi).toContainText('Every rank holds the same');
    await expect(smi).toContainText('Gradient buckets');

    await page.getByRole('tab', { name: 'Timeline' }).click();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(
      timeline.getByRole('img', { name: 'Modeled timeline of one DistributedDataParallel step' }),
    ).toBeVisible();
    await expect(timeline).toContainText("The ring's 6 rounds run from");
    const phases = timeline.getByRole('table', { name: /Time per phase/ }).getByRole('rowheader');
    await expect(phases).toHaveText(['Forward + loss', 'Backward + all-reduce', 'Optimizer step']);
    await expect(timeline).not.toContainText('Scatter');
  });
});
