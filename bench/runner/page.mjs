// One fresh page (in its own browser context, so no cache or state carries over) per measurement.

/** A page of the bench app, with its uncaught errors and console errors collected for the report. */
async function openPage(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  await page.waitForFunction(() => typeof window.runBench === 'function');
  return { page, errors, close: () => context.close() };
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs one job in a fresh page; throws with the page's own errors attached when it fails. */
export async function runPage(browser, url, job, timeoutMs) {
  const { page, errors, close } = await openPage(browser, url);
  try {
    return await withTimeout(
      page.evaluate((request) => window.runBench(request), job),
      timeoutMs,
      `${job.engine} ${job.config}`,
    );
  } catch (error) {
    const seen = errors.length > 0 ? ` [page: ${errors.slice(0, 3).join(' | ')}]` : '';
    throw new Error(`${error.message.split('\n')[0]}${seen}`);
  } finally {
    await close();
  }
}

/** Browser-side facts (user agent, adapter) from a page of its own. */
export async function pageMachineInfo(browser, url) {
  const { page, close } = await openPage(browser, url);
  try {
    return await page.evaluate(() => window.machineInfo());
  } finally {
    await close();
  }
}
