/** Keyboard-only navigation for the end-to-end tests: reach an element the way a keyboard user would. */
import type { Locator, Page } from '@playwright/test';

/** Whether `target` has the keyboard focus. */
export function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === document.activeElement);
}

/** Whether `target` comes before the focused element in the page (so Shift+Tab is the way there). */
function isBehind(target: Locator): Promise<boolean> {
  return target.evaluate((element) => {
    const active = document.activeElement;
    if (!active || active === document.body) return false;
    return (active.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING) !== 0;
  });
}

/** Presses Tab or Shift+Tab until `target` has the focus. */
export async function tabTo(page: Page, target: Locator, max = 400): Promise<void> {
  const key = (await isBehind(target)) ? 'Shift+Tab' : 'Tab';
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached ${target.toString()}`);
}

/**
 * Checks the first radio of a group by keyboard. Tab into a group with nothing checked lands on its
 * first radio, Shift+Tab on its last; from the last, ArrowDown wraps round to the first (and checks it).
 */
export async function checkFirstRadio(page: Page, radios: Locator): Promise<void> {
  if (await isBehind(radios.first())) {
    await tabTo(page, radios.last());
    await page.keyboard.press('ArrowDown');
  } else {
    await tabTo(page, radios.first());
    await page.keyboard.press('Space');
  }
}
