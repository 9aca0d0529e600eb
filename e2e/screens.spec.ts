import { expect, type Page, test } from '@playwright/test';

const SCREENS = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'tablet', width: 768, height: 1024 },
] as const;

/** WCAG 2.5.5: a target a finger can hit. */
const MIN_TARGET_PX = 44;

/** Every control a finger may press, with its size; text links inside prose are exempt (WCAG 2.5.5). */
function targets(page: Page) {
  return page.evaluate(() => {
    const selector =
      'button, select, input, [role="slider"], [role="button"], [tabindex]:not([tabindex="-1"])';
    return [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((element) => {
        const style = getComputedStyle(element);
        return element.getClientRects().length > 0 && style.visibility !== 'hidden';
      })
      .map((element) => {
        // A radio or checkbox counts with the label around it: that is what the finger presses.
        const box = (element.closest('label') ?? element).getBoundingClientRect();
        const name = element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName;
        return {
          name: `${element.tagName.toLowerCase()} ${name.slice(0, 40)}`,
          width: box.width,
          height: box.height,
        };
      });
  });
}

// Layout does not depend on the engine; one project is enough.
test.beforeEach(() => test.skip(test.info().project.name !== 'cpu', 'engine-independent'));

for (const screen of SCREENS) {
  test(`${screen.name} ${screen.width}×${screen.height}: no sideways scroll, the play bar in reach, targets ≥ ${MIN_TARGET_PX} px`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: screen.width, height: screen.height });
    await page.goto('./?gpus=8&batch=10');
    await expect(page.getByRole('group', { name: /^GPU \d$/ })).toHaveCount(8, { timeout: 120_000 });

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    const play = page.getByRole('toolbar', { name: 'Playback' }).getByRole('button', { name: 'Play' });
    await play.scrollIntoViewIfNeeded();
    await expect(play).toBeInViewport();
    await play.click();
    await expect(
      page.getByRole('toolbar', { name: 'Playback' }).getByRole('button', { name: 'Pause' }),
    ).toBeVisible();

    const small = (await targets(page)).filter(
      (target) => target.width < MIN_TARGET_PX - 0.5 || target.height < MIN_TARGET_PX - 0.5,
    );
    expect(small).toEqual([]);
  });
}

test('every tab stop shows where the focus is', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./');
  await expect(page.getByRole('button', { name: 'Next phase' })).toBeEnabled({ timeout: 120_000 });
  const seen = new Set<string>();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      const outlined = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2;
      const ringed = style.boxShadow !== 'none';
      const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? '';
      return { name: `${element.tagName.toLowerCase()} ${name}`, visible: outlined || ringed };
    });
    if (!focus || seen.has(focus.name)) continue;
    seen.add(focus.name);
    expect(focus.visible, focus.name).toBe(true);
  }
  expect(seen.size).toBeGreaterThan(20);
});
