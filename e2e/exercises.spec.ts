import { expect, type Locator, type Page, test } from '@playwright/test';
import type { BusyGpusInstance } from '../src/exercises/busyGpus';
import { EXERCISES } from '../src/exercises/catalog';
import { type LossInsideInstance, lossInsideExercise } from '../src/exercises/lossInside';
import { MEMORY_REASONS, type MemoryInstance } from '../src/exercises/memory';
import type { ParametersInstance } from '../src/exercises/parameters';
import { ORDER_ITEM_TITLES, PHASE_ORDER } from '../src/exercises/phaseOrder';
import { REASONS, ROUNDING_TOLERANCE, type SameGradientInstance } from '../src/exercises/sameGradient';
import type { ScalingInstance } from '../src/exercises/scaling';
import type { SplitInstance } from '../src/exercises/split';
import { EXERCISE_IDS, type ExerciseId } from '../src/exercises/types';
import { tabTo } from './keyboard';

function region(page: Page, id: ExerciseId): Locator {
  return page.getByRole('region', { name: `Exercise: ${EXERCISES[id].title}` });
}

async function instanceOf<I>(exercise: Locator): Promise<I> {
  return JSON.parse((await exercise.getAttribute('data-instance')) ?? 'null') as I;
}

async function check(exercise: Locator): Promise<Locator> {
  await exercise.getByRole('button', { name: 'Check' }).click();
  return exercise.getByRole('status');
}

/** Puts the phases in order with the keyboard only: Tab to an item's Move up button, press Enter. */
async function orderPhases(page: Page, exercise: Locator): Promise<void> {
  for (const [place, item] of PHASE_ORDER.entries()) {
    const titles = await exercise.locator('.phase-order li strong').allTextContents();
    const at = titles.indexOf(ORDER_ITEM_TITLES[item]);
    if (at === place) continue;
    await tabTo(
      page,
      exercise.getByRole('button', { name: `Move ${ORDER_ITEM_TITLES[item]} up`, exact: true }),
    );
    for (let k = at; k > place; k--) await page.keyboard.press('Enter');
    await expect(exercise.locator('.phase-order li strong').nth(place)).toHaveText(ORDER_ITEM_TITLES[item]);
  }
}

/** Runs the engine comparison and waits for its numbers. */
async function runEngine(exercise: Locator, label: RegExp): Promise<void> {
  await exercise.getByRole('button', { name: label }).click();
  await expect(exercise.locator('.exercise-results')).toBeVisible({ timeout: 90_000 });
}

/** Answers one exercise correctly through the page, using the answer src/ computes for its instance. */
async function solve(page: Page, id: ExerciseId): Promise<void> {
  const exercise = region(page, id);
  switch (id) {
    case 'split':
    case 'busy-gpus':
    case 'scaling':
    case 'ddp-gradient':
    case 'ring-bytes': {
      const instance = await instanceOf<SplitInstance & BusyGpusInstance & ScalingInstance>(exercise);
      const answer = (EXERCISES[id].solve as (i: typeof instance) => string)(instance);
      await exercise.getByRole('textbox').fill(answer);
      break;
    }
    case 'phase-order':
      await orderPhases(page, exercise);
      break;
    case 'parameters': {
      const solution = EXERCISES.parameters.solve(await instanceOf<ParametersInstance>(exercise));
      await exercise.getByRole('radio', { name: solution.device ?? '', exact: true }).check();
      await exercise.getByRole('radio', { name: solution.key ?? '', exact: true }).check();
      break;
    }
    case 'same-gradient': {
      const instance = await instanceOf<SameGradientInstance>(exercise);
      // Predict first: Run asks for the prediction until there is one.
      await exercise.getByRole('button', { name: /^Run on 1 GPU and on \d GPUs$/ }).click();
      await expect(exercise).toContainText('Record your prediction above first');
      await exercise.getByRole('radio', { name: /^Yes/ }).check();
      await runEngine(exercise, /^Run on 1 GPU and on \d GPUs$/);
      await expect(exercise.locator('.exercise-results')).toContainText(
        /Your prediction.*the same — measured: the same ✓/,
      );
      const shown = await exercise.locator('.exercise-results dd').nth(2).textContent();
      const maxAbsDiff = Number(shown);
      expect(maxAbsDiff).toBeLessThan(ROUNDING_TOLERANCE);
      const solution = EXERCISES['same-gradient'].solve({
        ...instance,
        measured: { rows: 0, chunkSizes: [], maxAbsDiff },
      });
      await exercise.getByRole('radio', { name: solution.agree === 'yes' ? /^Yes/ : /^No/ }).check();
      const reason = REASONS.find((choice) => choice.id === solution.reason)?.label ?? '';
      await exercise.getByRole('radio', { name: reason, exact: true }).check();
      break;
    }
    case 'memory': {
      const solution = EXERCISES.memory.solve(await instanceOf<MemoryInstance>(exercise));
      await exercise.getByRole('radio', { name: `GPU ${solution.gpu}`, exact: true }).check();
      const reason = MEMORY_REASONS.find((choice) => choice.id === solution.reason)?.label ?? '';
      await exercise.getByRole('radio', { name: reason, exact: true }).check();
      break;
    }
    case 'loss-inside': {
      const solution = lossInsideExercise.solve(await instanceOf<LossInsideInstance>(exercise));
      await exercise.getByRole('radio', { name: solution.matches === 'yes' ? /^Yes/ : /^No/ }).check();
      await exercise.getByRole('textbox').fill(solution.weight);
      break;
    }
  }
}

test.describe('the exercises', () => {
  test('solving all ten gives Correct each time, 10 of 10, and reload keeps it', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('./');
    const panel = page.getByRole('region', { name: 'Exercises' });
    await expect(panel).toContainText(`0 of ${EXERCISE_IDS.length} correct`);
    for (const [i, id] of EXERCISE_IDS.entries()) {
      await solve(page, id);
      const feedback = await check(region(page, id));
      await expect(feedback, id).toHaveText(/^Correct\. \S/);
      await expect(panel).toContainText(`${i + 1} of ${EXERCISE_IDS.length} correct`);
    }
    await page.reload();
    await expect(panel).toContainText(`${EXERCISE_IDS.length} of ${EXERCISE_IDS.length} correct`);
    await expect(panel.getByText('✓ solved')).toHaveCount(EXERCISE_IDS.length);
  });

  test('a first miss gets a hint without the answer, the second the solution; a format slip is no miss', async ({
    page,
  }) => {
    await page.goto('./');
    const split = region(page, 'split');
    const instance = await instanceOf<SplitInstance>(split);
    const answer = EXERCISES.split.solve(instance);
    const box = split.getByRole('textbox');
    await box.fill('11.5, 11.5');
    const feedback = await check(split);
    await expect(feedback).toHaveText(/^Check the format: .*whole/);
    await box.fill(String(instance.batch + 1));
    await check(split);
    await expect(feedback).toHaveText(/^Not quite\. Hint: .* Try again\.$/);
    await expect(feedback).not.toContainText(answer);
    await box.press('Enter');
    await expect(feedback).toHaveText(/^Not quite\. The solution: /);
    await expect(feedback).toContainText('torch.chunk');
    await expect(feedback).toContainText(`⌈${instance.batch}/${instance.gpus}⌉`);
    await expect(feedback).toContainText(answer);

    const parameters = region(page, 'parameters');
    await parameters.getByRole('radio', { name: 'cpu', exact: true }).check();
    const key = EXERCISES.parameters.solve(await instanceOf<ParametersInstance>(parameters)).key ?? '';
    await parameters.getByRole('radio', { name: key, exact: true }).check();
    const said = await check(parameters);
    await expect(said).toHaveText(/^Not quite\. Hint: model\.to\(device\) ran before the loop/);
    await check(parameters);
    await expect(said).toHaveText(
      /^Not quite\. The solution: model\.to\(device\) put the parameters on a GPU/,
    );
    await expect(page.getByRole('region', { name: 'Exercises' })).toContainText(
      `0 of ${EXERCISE_IDS.length} correct`,
    );
  });

  test('Try another gives a new instance and clears the answer and feedback', async ({ page }) => {
    await page.goto('./');
    const split = region(page, 'split');
    const first = await split.getAttribute('data-instance');
    await split.getByRole('textbox').fill('1');
    await check(split);
    await expect(split.getByRole('status')).toHaveText(/^Not quite/);
    await split.getByRole('button', { name: 'Try another' }).click();
    await expect(split).not.toHaveAttribute('data-instance', first ?? '');
    await expect(split.getByRole('textbox')).toHaveValue('');
    await expect(split.getByRole('status')).toHaveText('');
    // The new instance survives a reload.
    const second = await split.getAttribute('data-instance');
    await page.reload();
    await expect(region(page, 'split')).toHaveAttribute('data-instance', second ?? '');
  });

  test('the loss-inside-forward pitfall, computed by the engine', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('./');
    const exercise = region(page, 'loss-inside');
    const instance = await instanceOf<LossInsideInstance>(exercise);
    await runEngine(exercise, /^Compute both on the engine/);
    await expect(page.getByRole('slider', { name: 'GPUs' })).toHaveValue(String(instance.gpus));
    const numbers = exercise.locator('.exercise-results dd');
    const diffs = (await numbers.nth(2).textContent())?.match(/[\d.]+e[-+]\d+/g)?.map(Number) ?? [];
    expect(diffs).toHaveLength(2);
    const [gathered = 1, inside = 0] = diffs;
    expect(gathered).toBeLessThan(ROUNDING_TOLERANCE);
    const solution = lossInsideExercise.solve(instance);
    if (solution.matches === 'no') expect(inside).toBeGreaterThan(ROUNDING_TOLERANCE);
    else expect(inside).toBeLessThan(ROUNDING_TOLERANCE);
  });
});
