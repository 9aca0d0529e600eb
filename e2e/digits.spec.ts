import { expect, test } from '@playwright/test';

/**
 * The digits view during continuous training (issue 13): the stage keeps replaying the step it showed,
 * but the predictions drawn under its images are the model's latest, asked of the worker about once a
 * second, and say which step they come from.
 */
test("training the digits shows the model's latest predictions, not the shown step's", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./?dataset=digits&gpus=2&batch=16');
  await page.getByRole('tab', { name: 'Training' }).click();
  await expect(page.getByRole('heading', { name: "Step 1's digits" })).toBeVisible({ timeout: 60_000 });
  const grid = page.locator('[data-predictions-step]');
  const predictedAt = async () => Number(await grid.getAttribute('data-predictions-step'));
  // Stepping: step 1's own forward pass gave the predictions.
  await expect(grid).toHaveAttribute('data-predictions-step', '1');
  await expect(page.getByRole('img', { name: /^Row \d+: a \d, predicted \d$/ })).toHaveCount(16);

  await page.getByRole('button', { name: 'Train continuously' }).click();
  await expect.poll(predictedAt, { timeout: 60_000 }).toBeGreaterThan(1);
  const first = await predictedAt();
  const note = page.getByRole('status').filter({ hasText: /^Predictions of the model after step/ });
  await expect(note).toHaveText(
    /^Predictions of the model after step \d+; training has reached step \d+\. The images are step 1's batch\.$/,
  );
  const noted = Number((await note.textContent())?.match(/after step (\d+)/)?.[1]);
  expect(noted).toBeGreaterThanOrEqual(first);
  // The predictions keep up with training while the batch stays the shown step's.
  await expect.poll(predictedAt, { timeout: 60_000 }).toBeGreaterThan(first);
  await expect(grid).toHaveAttribute('data-batch-step', '1');
  await expect(page.getByRole('img', { name: /^Row \d+: a \d, predicted \d$/ })).toHaveCount(16);
  await page.getByRole('button', { name: 'Stop training' }).click();
  // Stopping shows the next step, whose own outputs are again the latest.
  const stepsDone = Number(await page.locator('[data-steps-done]').getAttribute('data-steps-done'));
  await expect(page.getByRole('heading', { name: /^Step \d+'s digits$/ })).not.toHaveText("Step 1's digits");
  await expect.poll(predictedAt).toBeGreaterThanOrEqual(stepsDone);
});
