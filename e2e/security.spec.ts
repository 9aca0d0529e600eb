import { expect, test } from '@playwright/test';

declare global {
  interface Window {
    violations: string[];
  }
}

test('the built page keeps every request on its origin and breaks no rule of its CSP', async ({ page }) => {
  test.setTimeout(300_000);
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.violations.push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
  });
  const elsewhere: string[] = [];
  const origin = new URL(test.info().project.use.baseURL ?? '').origin;
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.origin !== origin) elsewhere.push(request.url());
  });
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });

  await page.goto('./?gpus=4&dataset=digits');
  await expect(page.getByRole('group', { name: /^GPU \d$/ })).toHaveCount(4, { timeout: 120_000 });
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const rule of ["script-src 'self'", "connect-src 'self'", "worker-src 'self'", "object-src 'none'"])
    expect(policy).toContain(rule);
  expect(policy).toContain("base-uri 'none'");
  expect(policy).not.toContain('unsafe');

  // Train for a while: the worker starts, fetches the digits and runs its engine.
  const steps = page.locator('[data-steps-done]');
  await page.getByRole('button', { name: 'Train continuously' }).click({ timeout: 120_000 });
  await expect
    .poll(async () => Number(await steps.getAttribute('data-steps-done')), { timeout: 120_000 })
    .toBeGreaterThan(3);
  await page.getByRole('button', { name: 'Stop training' }).click({ timeout: 120_000 });

  // Every file the Export menu offers downloads without leaving the page.
  await page.getByRole('button', { name: 'Export to PyTorch…' }).click();
  const files = page
    .getByRole('region', { name: 'Export to PyTorch' })
    .getByRole('button', { name: /^Export / });
  await expect(files).toHaveCount(3);
  for (const button of await files.all()) {
    await expect(button).toBeEnabled({ timeout: 120_000 });
    const download = page.waitForEvent('download');
    await button.click();
    await download;
  }

  expect(await page.evaluate(() => window.violations)).toEqual([]);
  expect(refused).toEqual([]);
  expect(elsewhere).toEqual([]);
});
