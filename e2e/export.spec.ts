import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { isFocused, tabTo } from './keyboard';

/** Press a focused download button and read the file the page hands over. */
async function downloadWith(page: Page, name: string): Promise<{ filename: string; text: string }> {
  const button = page.getByRole('button', { name: `Export ${name}` });
  await tabTo(page, button);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const path = await download.path();
  return { filename: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

test('Export downloads the three PyTorch files of the run on the page (DDP mode), by keyboard', async ({
  page,
}) => {
  // A software GPU under load can take most of a minute to replay the link and show its step.
  test.setTimeout(240_000);
  await page.goto('./?gpus=4&batch=12&dataset=moons&optimizer=adam&lr=0.02&seed=5&step=3&mode=ddp');
  const toggle = page.getByRole('button', { name: 'Export to PyTorch…' });
  await tabTo(page, toggle);
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const panel = page.getByRole('region', { name: 'Export to PyTorch' });
  await expect(panel).toContainText('What this does on your machine');
  await expect(panel).toContainText('torchrun --standalone --nproc_per_node=4 train_ddp.py');
  // The link replays 3 steps and shows the 4th: the files train those 4.
  await expect(panel).toContainText('trains the 4 steps trained so far', { timeout: 120_000 });
  await expect(page.getByRole('button', { name: 'Export train_dp.py' })).toBeEnabled();

  const settings =
    'SETTINGS = {"dataset": "moons", "gpus": 4, "batch": 12, "optimizer": "adam", "lr": 0.02, "seed": 5, "mode": "ddp", "steps": 4}';
  const dp = await downloadWith(page, 'train_dp.py');
  expect(dp.filename).toBe('train_dp.py');
  expect(dp.text).toContain(settings);
  expect(dp.text).toContain('torch.optim.Adam(parameters, lr=0.02, betas=(0.9, 0.999), eps=1e-8)');
  expect(dp.text).toMatch(/^PAGE_LAST_LOSS = \(4, \d\.\d+\)$/m);

  const ddp = await downloadWith(page, 'train_ddp.py');
  expect(ddp.filename).toBe('train_ddp.py');
  expect(ddp.text).toContain(settings);
  expect(ddp.text).toContain('DistributedDataParallel');
  // 12 rows on 4 GPUs split 3, 3, 3, 3: both scripts compare with the page's DDP loss of step 4.
  expect(ddp.text).toContain(dp.text.match(/^PAGE_LAST_LOSS = .*$/m)?.[0] ?? 'missing');

  const notebook = await downloadWith(page, 'dataparallel_playground.ipynb');
  expect(notebook.filename).toBe('dataparallel_playground.ipynb');
  const parsed = JSON.parse(notebook.text) as { nbformat: number; cells: { source: string[] }[] };
  expect(parsed.nbformat).toBe(4);
  expect(parsed.cells.map((cell) => cell.source.join('')).join('\n')).toContain(settings);

  await page.keyboard.press('Escape');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  expect(await isFocused(toggle)).toBe(true);
});
