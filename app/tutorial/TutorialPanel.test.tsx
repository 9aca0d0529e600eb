import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExercisesPanel } from '../exercises/ExercisesPanel';
import { testShownStep } from '../testing/shownStep';
import { createTestStore, withStore } from '../testing/testStore';
import { describeSetupChange } from './applyLessonSetup';
import { idleNow } from './closingLessons';
import { TutorialPanel } from './TutorialPanel';

let store = createTestStore();

function showStep(gpus: number, batch: number): void {
  const { shown, train } = testShownStep(gpus, batch);
  store.setState({ gpus, batch, shown, train, runStatus: 'ready', step: 0, playing: false });
}

beforeEach(() => {
  store = createTestStore();
  showStep(3, 10);
  // jsdom does no layout; the real page scrolls.
  Element.prototype.scrollIntoView = () => {};
});
afterEach(cleanup);

describe('the tutorial panel', () => {
  it('says what a lesson changed on the playground, and Undo puts it back', async () => {
    store.setState({ lessonId: 'nvidia-smi' });
    render(<TutorialPanel />, withStore(store));
    const note = await screen.findByText(/^This lesson set/);
    expect(note.textContent).toContain('This lesson set 8 GPUs and the Forward phase.');
    expect(store.getState().gpus).toBe(8);
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(store.getState().gpus).toBe(3);
    expect(screen.queryByText(/^This lesson set/)).toBeNull();
  });

  it('keeps lesson text that quotes the settings in step with them', async () => {
    store.setState({ lessonId: 'nvidia-smi' });
    render(<TutorialPanel />, withStore(store));
    await screen.findByText(/Right now 10 samples on 8 GPUs make 5 chunks, so GPUs 5–7 show no work/);
    act(() => store.setState({ gpus: 5 }));
    expect(
      screen.getByText(/Right now 10 samples on 5 GPUs make 5 chunks, so every GPU shows work/),
    ).toBeTruthy();
    expect(idleNow({ batch: 10, gpus: 6 })).toContain('so GPU 5 shows no work at all');
  });

  it('ends with "Start the exercises", which takes the keyboard to them', async () => {
    store.setState({ lessonId: 'key-points' });
    render(
      <>
        <TutorialPanel />
        <ExercisesPanel />
      </>,
      withStore(store),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Start the exercises' }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Exercises'));
  }, 20_000); // the exercises compute their instances (scaling curves) on first render

  it('asks for a guess first, answers a format slip as such, then verifies the guess against the step', async () => {
    store.setState({ lessonId: 'split-batch', completedLessons: [] });
    render(<TutorialPanel />, withStore(store));
    const box = await screen.findByRole('textbox', { name: 'Your split' });
    expect(screen.queryByText(/Your turn:/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Not yet — first lock in your guess.')).toBeTruthy();
    fireEvent.change(box, { target: { value: '2.5, 2.5, 2.5, 2.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lock in my guess' }));
    expect(screen.getByText(/^Check the format: /)).toBeTruthy();
    fireEvent.change(box, { target: { value: '3, 3, 2, 2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lock in my guess' }));
    expect(screen.getByText(/Your turn:/)).toBeTruthy();
    expect(screen.getByText('3, 3, 2, 2', { exact: false })).toBeTruthy();
    // The learner moves the slider; the new step arrives on the stage.
    act(() => showStep(4, 10));
    const status = document.querySelector('.tutorial-status')?.textContent ?? '';
    expect(status).toContain('Done — 10 samples split 3, 3, 3, 1');
    expect(status).toContain('Your guess: 3, 3, 2, 2 — the engine split 10 samples 3, 3, 3, 1. ✗');
  });

  it('lists every setting a lesson changed', () => {
    expect(
      describeSetupChange({
        before: { gpus: 3, dataset: 'spiral', optimizer: 'sgd' },
        after: { gpus: 4, dataset: 'digits', optimizer: 'adam' },
      }),
    ).toBe('This lesson set 4 GPUs, the digits data set and Adam.');
  });
});
