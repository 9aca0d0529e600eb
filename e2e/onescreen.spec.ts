import { expect, type Locator, type Page, test } from '@playwright/test';

// Each test sets up the GPUs at least once, which takes long on a software GPU on a busy machine.
test.describe.configure({ timeout: 240_000 });

async function waitForStep(page: Page) {
  await expect(page.getByRole('button', { name: 'Next phase' })).toBeEnabled({ timeout: 60_000 });
}

function stage(page: Page): Locator {
  return page.getByRole('figure', { name: /^Stage:/ });
}

async function insideViewport(page: Page, locator: Locator) {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  expect(box, 'the element is laid out').not.toBeNull();
  if (!box || !viewport) return;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
}

test.describe('one screen: the slider, the whole stage and the play bar without scrolling', () => {
  for (const { name, width, height, gpus, mode } of [
    { name: 'desktop', width: 1440, height: 900, gpus: 8, mode: 'dp' },
    { name: 'phone', width: 390, height: 844, gpus: 3, mode: 'dp' },
    // DDP is painted by the same stage, so it keeps the same first screen.
    { name: 'phone, DDP', width: 390, height: 844, gpus: 3, mode: 'ddp' },
  ]) {
    test(`${name} ${width}×${height} with ${gpus} GPUs`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.goto(`./?gpus=${gpus}&batch=10&mode=${mode}`);
      await waitForStep(page);
      await insideViewport(page, page.getByRole('slider', { name: 'GPUs' }));
      await insideViewport(page, page.getByRole('button', { name: 'Next phase' }));
      for (let device = 0; device < gpus; device++) {
        await insideViewport(page, page.getByRole('group', { name: `GPU ${device}` }));
      }
      // On a phone the tutorial is a bottom sheet: the play bar must sit above it, not under it.
      const next = await page.getByRole('button', { name: 'Next phase' }).boundingBox();
      const sheet = await page.locator('.tutorial-sheet').boundingBox();
      if (next && sheet && sheet.y > height / 2) {
        expect(next.y + next.height, 'Next phase ends above the tutorial sheet').toBeLessThanOrEqual(sheet.y);
      }
    });
  }

  test('the stage keeps one height for 1, 4 and 8 GPUs', async ({ page }) => {
    const heights: number[] = [];
    for (const gpus of [1, 4, 8]) {
      await page.goto(`./?gpus=${gpus}&batch=10`);
      await waitForStep(page);
      heights.push((await stage(page).boundingBox())?.height ?? -1);
    }
    expect(new Set(heights).size, `heights ${heights.join(', ')}`).toBe(1);
  });
});

test.describe('the stage draws the tensors, read from the accessibility tree', () => {
  test('cards name their rows or idle, and the stage names its phase', async ({ page }) => {
    await page.goto('./?gpus=4&batch=3&phase=scatter');
    await waitForStep(page);
    const tree = await stage(page).ariaSnapshot();
    expect(tree).toMatch(/figure "Stage: step 1, Scatter, on 4 GPUs"/);
    for (const [device, rows] of ['row 0 · 1 sample', 'row 1 · 1 sample', 'row 2 · 1 sample'].entries()) {
      expect(tree).toMatch(new RegExp(`group "GPU ${device}": "?GPU ${device} ${rows}`));
    }
    expect(tree).toMatch(/group "GPU 3": "?GPU 3 idle/);
  });

  test('at loss, the loss value is on the stage, on GPU 0', async ({ page }) => {
    await page.goto('./?gpus=3&batch=10&phase=loss');
    await waitForStep(page);
    await expect(page.getByRole('group', { name: 'GPU 0' })).toContainText(/loss = \d\.\d+/);
  });

  test('at reduce-add, each busy card keeps its gradient and GPU 0 shows their sum beside the 1-GPU value', async ({
    page,
  }) => {
    await page.goto('./?gpus=3&batch=10&phase=reduce-add');
    await waitForStep(page);
    const grads: number[] = [];
    for (let device = 0; device < 3; device++) {
      const text = (await page.getByRole('group', { name: `GPU ${device}` }).textContent()) ?? '';
      const match = /grad\s*g (-?[\d.e-]+)/.exec(text);
      expect(match, `GPU ${device} shows its gradient: ${text}`).not.toBeNull();
      grads.push(Number(match?.[1]));
    }
    const home = (await page.getByRole('group', { name: 'GPU 0' }).textContent()) ?? '';
    const sum = Number(/Σ g = (-?[\d.e-]+)/.exec(home)?.[1]);
    const single = Number(/1 GPU: (-?[\d.e-]+)\s+equal ✓/.exec(home)?.[1]);
    // Four significant digits on the stage: the sum of the shown terms agrees to that precision.
    expect(Math.abs(grads.reduce((a, b) => a + b, 0) - sum)).toBeLessThanOrEqual(Math.abs(sum) * 1e-3 + 1e-6);
    expect(single).toBe(sum);
    expect(home).toMatch(/largest difference over all [\d,]+ gradients: \d\.\de-\d+/);
  });

  test('at the optimizer step, GPU 0 shows the followed weight’s old and new value', async ({ page }) => {
    await page.goto('./?gpus=3&batch=10&phase=optimizer-step');
    await waitForStep(page);
    const home = (await page.getByRole('group', { name: 'GPU 0' }).textContent()) ?? '';
    const match = /w (-?[\d.e-]+) → (-?[\d.e-]+)/.exec(home);
    expect(match, home).not.toBeNull();
    expect(Number(match?.[1])).not.toBe(Number(match?.[2]));
  });
});
