import { expect, type Page, test } from '@playwright/test';
import { PROGRESS_KEY } from '../app/store/progressStorage';
import { LESSONS } from '../app/tutorial/lessons';
import type { Lesson } from '../app/tutorial/lessonTypes';
import { checkFirstRadio, isFocused, tabTo } from './keyboard';

const TITLES = LESSONS.map((lesson) => lesson.title);

function tutorialOf(page: Page) {
  const region = page.getByRole('region', { name: 'Tutorial' });
  return {
    region,
    title: region.getByRole('heading', { level: 3 }),
    next: region.getByRole('button', { name: 'Next', exact: true }),
    back: region.getByRole('button', { name: 'Back', exact: true }),
    status: region.locator('.tutorial-status'),
  };
}

/** Moves the slider with arrow keys, from wherever "Take me to the GPUs slider" put the focus. */
async function slideTo(
  page: Page,
  lesson: Lesson,
  until: () => Promise<boolean>,
  key: 'ArrowRight' | 'ArrowLeft',
) {
  const { region } = tutorialOf(page);
  await tabTo(page, region.getByRole('button', { name: 'Take me there' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('slider', { name: 'GPUs' })).toBeFocused();
  for (let i = 0; i < 8 && !(await until()); i++) await page.keyboard.press(key);
  expect(await until(), lesson.id).toBe(true);
}

/** The guesses the keyboard test locks in: typed ones by lesson, else the first choice. */
const TYPED_GUESSES: Partial<Record<Lesson['id'], string>> = {
  'split-batch': '3, 3, 2, 2',
  'parallel-compute': '1',
};

/** Predict → watch → verify: locks in a guess with the keyboard, before the task opens. */
async function predict(page: Page, lesson: Lesson) {
  const { region } = tutorialOf(page);
  const prediction = lesson.task?.predict;
  if (!prediction) return;
  if (prediction.answer.kind === 'typed') {
    await tabTo(page, region.getByRole('textbox'));
    await page.keyboard.type('2.5, x');
    await page.keyboard.press('Enter');
    await expect(region.getByText(/^Check the format: /)).toBeVisible();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(TYPED_GUESSES[lesson.id] ?? '');
    await page.keyboard.press('Enter');
  } else {
    await checkFirstRadio(page, region.getByRole('radio'));
    await tabTo(page, region.getByRole('button', { name: 'Lock in my guess' }));
    await page.keyboard.press('Enter');
  }
  await expect(region.locator('.tutorial-guess')).toContainText('Your guess:');
}

/** Presses Next phase with the keyboard until the lesson says it is done. */
async function stepUntilDone(page: Page) {
  const { region, status } = tutorialOf(page);
  const nextPhase = page.getByRole('button', { name: 'Next phase', exact: true });
  const narration = page.locator('[data-tour="narration"]');
  for (let i = 0; i < 14; i++) {
    if ((await status.textContent())?.startsWith('Done')) return;
    await expect(nextPhase).toBeEnabled({ timeout: 60_000 });
    if (!(await isFocused(nextPhase))) {
      // The button loses the focus while a new step is fetched (it is disabled meanwhile): go back to it.
      await tabTo(page, region.getByRole('button', { name: 'Take me there' }));
      await page.keyboard.press('Enter');
      await expect(nextPhase).toBeFocused();
    }
    const before = await narration.textContent();
    await page.keyboard.press('Enter');
    await expect(narration).not.toHaveText(before ?? '', { timeout: 60_000 });
  }
  await expect(status).toHaveText(/^Done — /);
}

test.describe('the tutorial', () => {
  test('keyboard only, from the first lesson to the last, doing every task', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('./');
    const { region, title, next, status } = tutorialOf(page);
    const slider = page.getByRole('slider', { name: 'GPUs' });
    const narration = page.locator('[data-tour="narration"]');
    await expect(title).toHaveText(TITLES[0] ?? '');
    await tabTo(page, next);

    for (const [i, lesson] of LESSONS.entries()) {
      await expect(title).toHaveText(lesson.title);
      if (i > 0) await expect(title).toBeFocused();
      if (lesson.task) {
        // Next waits for the task, and says what is missing.
        await expect(next).toHaveAttribute('aria-disabled', 'true');
        await tabTo(page, next);
        await page.keyboard.press('Enter');
        await expect(status).toHaveText(
          lesson.task.predict
            ? 'Not yet — first lock in your guess.'
            : `Not yet — ${lesson.task.instruction}`,
        );
        await expect(title).toHaveText(lesson.title);
        await predict(page, lesson);
      }
      switch (lesson.id) {
        case 'wrap-model':
          await expect(slider).toHaveValue('1');
          await slideTo(page, lesson, async () => (await slider.inputValue()) === '2', 'ArrowRight');
          await expect(status).toHaveText(/^Done — 2 GPUs/);
          await expect(status).toContainText(
            'Your guess: All on GPU 0 — Gather puts all 10 rows on GPU 0. ✓',
            {
              timeout: 60_000,
            },
          );
          break;
        case 'split-batch':
          await expect(slider).toHaveValue('3');
          await expect(page.locator('[data-tour="stage"]')).toHaveClass(/tour-highlight/);
          await slideTo(page, lesson, async () => (await slider.inputValue()) === '4', 'ArrowRight');
          await expect(status).toContainText('Done — 10 samples split 3, 3, 3, 1 across GPUs 0–3.');
          // The narration tells the same split once the new step is on the stage, and the guess is
          // shown next to what the engine did.
          await expect(narration).toContainText('3, 3, 3, 1', { timeout: 60_000 });
          await expect(status).toContainText(
            'Your guess: 3, 3, 2, 2 — the engine split 10 samples 3, 3, 3, 1. ✗',
          );
          break;
        case 'replicate':
        case 'parallel-compute':
        case 'synchronize':
          await stepUntilDone(page);
          await expect(status).toContainText('Your guess:');
          break;
        case 'aggregate':
          await stepUntilDone(page);
          await expect(narration).toContainText('Reduce-add');
          await expect(narration).toContainText('summed onto GPU 0');
          // The engine's sum equals one GPU's gradient: the first choice, "the same", is right.
          await expect(status).toContainText(
            "Your guess: The same, up to float rounding — the engine's sum is the same as on one GPU. ✓",
          );
          await expect(tutorialOf(page).region).toContainText('summed, not averaged');
          break;
        case 'nvidia-smi':
          await expect(slider).toHaveValue('8');
          await slideTo(
            page,
            lesson,
            async () => (await status.textContent())?.startsWith('Done') ?? false,
            'ArrowLeft',
          );
          await expect(slider).toHaveValue('5');
          await expect(status).toHaveText(
            'Done — 10 samples on 5 GPUs split 2, 2, 2, 2, 2, so every GPU has work.',
          );
          break;
        case 'memory':
          await expect(page.locator('[data-tour="stage"]')).not.toHaveClass(/tour-highlight/);
          break;
        case 'ddp': {
          const ddp = page
            .getByRole('group', { name: 'Mode' })
            .getByRole('button', { name: 'DistributedDataParallel' });
          await tabTo(page, ddp);
          await page.keyboard.press('Enter');
          await expect(ddp).toHaveAttribute('aria-pressed', 'true');
          await expect(status).toHaveText(/^Done/, { timeout: 90_000 });
          break;
        }
        default:
          expect(lesson.task, `${lesson.id} has a task this test does not perform`).toBeUndefined();
      }
      if (i === LESSONS.length - 1) break;
      await expect(next).toHaveAttribute('aria-disabled', 'false');
      await tabTo(page, next);
      await page.keyboard.press('Enter');
    }

    await expect(title).toHaveText(TITLES[TITLES.length - 1] ?? '');
    await expect(next).toHaveAttribute('aria-disabled', 'true');
    await expect(region).toContainText(
      `Lesson ${LESSONS.length} of ${LESSONS.length} · ${LESSONS.length} done`,
    );
    await expect(page).toHaveURL(/lesson=key-points/);
    await tabTo(page, region.getByRole('button', { name: 'Start the exercises' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Exercises', level: 2 })).toBeFocused();
  });

  test('?lesson= opens that lesson and sets the playground to it', async ({ page }) => {
    await page.goto('./?lesson=aggregate');
    const { title, back } = tutorialOf(page);
    await expect(title).toHaveText('Stage 3: collecting the results');
    await expect(page.getByRole('slider', { name: 'GPUs' })).toHaveValue('4');
    await expect(page.locator('[data-tour="narration"]')).toContainText('Forward', { timeout: 60_000 });
    await back.click();
    await expect(title).toHaveText('Stage 2: computing in parallel');
    await expect(page).toHaveURL(/lesson=parallel-compute/);
  });

  test('a link that names its own settings keeps them', async ({ page }) => {
    await page.goto('./?lesson=split-batch&gpus=6');
    await expect(tutorialOf(page).title).toHaveText('Stage 1: splitting the batch');
    await expect(page.getByRole('slider', { name: 'GPUs' })).toHaveValue('6');
  });

  test('an unknown lesson in the link gives a notice and opens the first lesson', async ({ page }) => {
    await page.goto('./?lesson=warp-drive');
    await expect(page.getByRole('region', { name: 'Notices' })).toContainText('warp-drive');
    await expect(tutorialOf(page).title).toHaveText(TITLES[0] ?? '');
  });

  test('reload keeps the lesson and what was done', async ({ page }) => {
    await page.goto('./');
    const { region, title, next, status } = tutorialOf(page);
    await next.click();
    await expect(title).toHaveText('Wrapping a model');
    // Predict first: the task opens once a guess is locked in.
    await region.getByRole('radio').first().check();
    await region.getByRole('button', { name: 'Lock in my guess' }).click();
    await page.getByRole('slider', { name: 'GPUs' }).fill('3');
    await expect(status).toHaveText(/^Done — 3 GPUs/);
    await next.click();
    await expect(title).toHaveText('Stage 1: splitting the batch');
    await expect(region).toContainText('2 done');

    await page.reload();
    await expect(title).toHaveText('Stage 1: splitting the batch');
    await expect(region).toContainText('2 done');
    // Without the link's lesson, the saved progress still reopens it.
    await page.goto('./');
    await expect(title).toHaveText('Stage 1: splitting the batch');
    await tutorialOf(page).back.click();
    await expect(title).toHaveText('Wrapping a model');
    // Done before, so Next is open even though the slider is back at 1.
    await expect(next).toHaveAttribute('aria-disabled', 'false');
  });

  for (const [kind, saved, message] of [
    ['corrupt', '{"version": 1, "tutorial": ', 'could not be read'],
    ['outdated', JSON.stringify({ version: 0, lesson: 'replicate' }), 'older version'],
  ] as const) {
    test(`${kind} saved progress starts fresh with a notice`, async ({ page }) => {
      await page.goto('./');
      await page.evaluate(([key, value]) => localStorage.setItem(key, value), [PROGRESS_KEY, saved] as const);
      await page.reload();
      await expect(page.getByRole('region', { name: 'Notices' })).toContainText(message);
      await expect(tutorialOf(page).title).toHaveText(TITLES[0] ?? '');
      await expect(page.getByRole('region', { name: 'Exercises' })).toContainText('0 of 10 correct');
      // The broken data was replaced, so the notice does not come back.
      await page.reload();
      await expect(tutorialOf(page).title).toHaveText(TITLES[0] ?? '');
      await expect(page.getByRole('region', { name: 'Notices' })).toHaveCount(0);
    });
  }
});
