import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { datasetInfo } from '../../src/data/registry';
import { withStore } from '../testing/testStore';
import type { BoundaryAnswer, BoundarySource } from './BoundaryPolling';
import { BOUNDARY_RESOLUTION, ChartsPanel } from './ChartsPanel';
import { datasetFor, ddpShownFor, resetStore, shownFor, showStep, store } from './ChartTestState';
import type { DigitPredictionSource } from './DigitPredictions';

afterEach(() => {
  cleanup();
  resetStore();
  vi.useRealTimers();
});

/** A map whose left half predicts class 0 and right half class 1, surely. */
function halfMap(resolution: number, step: number): BoundaryAnswer {
  const probabilities = new Float32Array(resolution * resolution * 2);
  for (let row = 0; row < resolution; row++) {
    for (let col = 0; col < resolution; col++) {
      probabilities[(row * resolution + col) * 2 + (col < resolution / 2 ? 0 : 1)] = 0.99;
    }
  }
  return { resolution, extent: 1.25, classes: 2, probabilities, step };
}

function fakeSource(): BoundarySource & { calls: number[] } {
  const calls: number[] = [];
  const source = (resolution: number) => {
    calls.push(resolution);
    return Promise.resolve(halfMap(resolution, 7));
  };
  return Object.assign(source, { calls });
}

describe('ChartsPanel — training progress', () => {
  it('waits for steps, then charts the loss and says how it went', () => {
    store.setState({ history: [] });
    render(<ChartsPanel boundarySource={fakeSource()} />, withStore(store));
    const region = screen.getByRole('region', { name: 'Training progress' });
    expect(region.getAttribute('data-tour')).toBe('charts');
    expect(region.textContent).toContain('No steps trained yet');
    act(() =>
      store.setState({
        history: [
          { step: 1, loss: 0.7 },
          { step: 2, loss: 0.4 },
          { step: 10, loss: 0.1, train: 0.9, test: null },
        ],
      }),
    );
    expect(screen.getByRole('img', { name: 'Loss over training steps' })).toBeTruthy();
    expect(region.textContent).toContain('Loss went from 0.700 at step 1 to 0.100 at step 10.');
    expect(region.textContent).toContain('train accuracy 90%');
    // Generated sets have no held-out rows: no test line.
    expect(region.textContent).not.toContain('Test accuracy');
  });

  it('thins thousands of steps to a drawable line that ends on the newest loss', () => {
    const history = Array.from({ length: 5000 }, (_, i) => ({ step: i + 1, loss: 1 / (i + 1) }));
    store.setState({ history });
    render(<ChartsPanel boundarySource={fakeSource()} />, withStore(store));
    const path = document.querySelector('path.chart-series-loss')?.getAttribute('d') ?? '';
    const points = path.split(/[ML]/).filter(Boolean);
    expect(points.length).toBeLessThanOrEqual(320);
    expect(points.length).toBeGreaterThan(20);
    expect(screen.getByText('loss 0.000')).toBeTruthy();
  });
});

describe('ChartsPanel — decision map', () => {
  it('asks the worker for the map when a step is shown and draws the batch by GPU', async () => {
    const source = fakeSource();
    showStep(shownFor({ gpus: 3, batch: 10 }), 'scatter', {
      train: datasetFor('spiral', 40),
      dataset: 'spiral',
    });
    render(<ChartsPanel boundarySource={source} />, withStore(store));
    expect(await screen.findByText(/after step 7/)).toBeTruthy();
    expect(source.calls).toEqual([BOUNDARY_RESOLUTION]);
    const map = screen.getByRole('img', { name: 'Decision map' });
    const desc = map.querySelector('desc')?.textContent ?? '';
    expect(desc).toContain('class 0 on 50%, class 1 on 50%');
    expect(desc).toContain('4 on GPU 0, 4 on GPU 1, 2 on GPU 2');
    const perGpu = [0, 1, 2].map((gpu) => map.querySelectorAll(`[data-gpu="${gpu}"] path`).length);
    expect(perGpu).toEqual([4, 4, 2]);
    const key = screen.getByRole('list', { name: 'Map key' });
    expect(within(key).getByText(/GPU 2: 2 points/)).toBeTruthy();
    expect(within(key).getByText(/Class 1 \(square\)/)).toBeTruthy();
    expect(screen.getByText(/coloured by the GPU each point went to/)).toBeTruthy();
  });

  it('says each rank loaded its own points when the step ran as DDP', async () => {
    showStep(ddpShownFor(3, 10), 'scatter', { train: datasetFor('spiral', 40), dataset: 'spiral' });
    render(<ChartsPanel boundarySource={fakeSource()} />, withStore(store));
    expect(await screen.findByText(/after step 7/)).toBeTruthy();
    expect(screen.getByText(/coloured by the rank that loaded each point/)).toBeTruthy();
    expect(screen.queryByText(/each point went to/)).toBeNull();
  });

  it('asks again for a new step, and every second while training', async () => {
    vi.useFakeTimers();
    const source = fakeSource();
    showStep(shownFor({ gpus: 2, batch: 10 }), 'scatter', {
      train: datasetFor('moons', 40),
      dataset: 'moons',
    });
    render(<ChartsPanel boundarySource={source} />, withStore(store));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000);
    });
    expect(source.calls).toHaveLength(1);
    await act(async () => {
      store.setState({ shown: shownFor({ gpus: 2, batch: 10 }) });
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(source.calls).toHaveLength(2);
    await act(async () => {
      store.setState({ runStatus: 'training' });
      await vi.advanceTimersByTimeAsync(3000);
    });
    expect(source.calls).toHaveLength(5);
  });

  it('says so when the map cannot be fetched', async () => {
    const failing: BoundarySource = () => Promise.reject(new Error('worker busy'));
    showStep(shownFor({ gpus: 2, batch: 10 }), 'scatter', {
      train: datasetFor('spiral', 40),
      dataset: 'spiral',
    });
    render(<ChartsPanel boundarySource={failing} />, withStore(store));
    expect(await screen.findByText(/could not be refreshed: worker busy/)).toBeTruthy();
  });
});

describe('ChartsPanel — digits', () => {
  it('groups the batch by GPU with each prediction and label, and credits the data', () => {
    const source = fakeSource();
    // Batch row 9 (dataset row 19, a 9) is predicted as a 3; every other row is right.
    const shown = shownFor({
      gpus: 3,
      batch: 10,
      dataset: 'digits',
      rows: Array.from({ length: 10 }, (_, i) => 10 + i),
      predict: (i, row) => (i === 9 ? 3 : row % 10),
    });
    showStep(shown, 'gather', { train: datasetFor('digits', 40), dataset: 'digits' });
    render(<ChartsPanel boundarySource={source} />, withStore(store));
    expect(source.calls).toEqual([]);
    const groups = ['GPU 0 digits', 'GPU 1 digits', 'GPU 2 digits'].map((name) =>
      screen.getByRole('region', { name }),
    );
    expect(groups.map((group) => within(group).getAllByRole('img').length)).toEqual([4, 4, 2]);
    expect(
      within(groups[2] as HTMLElement).getByRole('img', { name: 'Row 19: a 9, predicted 3' }),
    ).toBeTruthy();
    expect(
      within(groups[0] as HTMLElement).getByRole('img', { name: 'Row 10: a 0, predicted 0' }),
    ).toBeTruthy();
    expect(groups[2]?.textContent).toContain('GPU 2: 2 images, 1 predicted right');
    expect(screen.getByText(datasetInfo('digits').credit ?? 'missing credit')).toBeTruthy();
  });

  it('says which step the predictions are from once training has moved past it', () => {
    const shown = shownFor({ gpus: 3, batch: 10, dataset: 'digits' });
    showStep(shown, 'gather', { train: datasetFor('digits', 40), dataset: 'digits' });
    const waiting: DigitPredictionSource = () => new Promise(() => {});
    render(<ChartsPanel boundarySource={fakeSource()} predictionSource={waiting} />, withStore(store));
    const step = shown.index + 1;
    expect(screen.getByRole('heading', { name: `Step ${step}'s digits` })).toBeTruthy();
    expect(screen.queryByText(/training has reached/i)).toBeNull();
    act(() => store.setState({ runStatus: 'training', stepsDone: step + 240 }));
    expect(screen.getByRole('status').textContent).toBe(
      `Training has reached step ${step + 240}; these predictions are from step ${step}, before it, until the model's latest arrive.`,
    );
  });

  it("shows the model's latest predictions while training, asked about once a second", async () => {
    vi.useFakeTimers();
    // Step 1's own outputs get every row right; after step 37 the model calls row 19 (a 9) a 3.
    const shown = shownFor({
      gpus: 2,
      batch: 10,
      dataset: 'digits',
      rows: Array.from({ length: 10 }, (_, i) => 10 + i),
    });
    showStep(shown, 'gather', { train: datasetFor('digits', 40), dataset: 'digits' });
    const asked: number[][] = [];
    let step = 37;
    const source: DigitPredictionSource = async (rows) => {
      asked.push(rows);
      return { step: step++, rows, predicted: Uint32Array.from(rows, (row) => (row === 19 ? 3 : row % 10)) };
    };
    render(<ChartsPanel boundarySource={fakeSource()} predictionSource={source} />, withStore(store));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3000);
    });
    // Stepping: the shown step is the latest, its own outputs stand and nothing is asked.
    expect(asked).toEqual([]);
    expect(screen.getByRole('img', { name: 'Row 19: a 9, predicted 9' })).toBeTruthy();
    await act(async () => {
      store.setState({ runStatus: 'training', stepsDone: 40 });
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(asked).toEqual([Array.from({ length: 10 }, (_, i) => 10 + i)]);
    expect(screen.getByRole('img', { name: 'Row 19: a 9, predicted 3' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe(
      "Predictions of the model after step 37; training has reached step 40. The images are step 1's batch.",
    );
    expect(screen.getByRole('region', { name: 'GPU 1 digits' }).textContent).toContain(
      'GPU 1: 5 images, 4 predicted right',
    );
    expect(document.querySelector('[data-predictions-step]')?.getAttribute('data-predictions-step')).toBe(
      '37',
    );
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3000);
    });
    expect(asked).toHaveLength(4);
    expect(document.querySelector('[data-predictions-step]')?.getAttribute('data-predictions-step')).toBe(
      '40',
    );
    // Stopping asks once more, then no more.
    await act(async () => {
      store.setState({ runStatus: 'ready', stepsDone: 44 });
      await vi.advanceTimersByTimeAsync(5000);
    });
    expect(asked).toHaveLength(5);
    expect(screen.getByRole('status').textContent).toBe(
      "Predictions of the model after step 41. The images are step 1's batch.",
    );
  });

  it('names the idle GPUs', () => {
    showStep(shownFor({ gpus: 8, batch: 10, dataset: 'digits' }), 'scatter', {
      train: datasetFor('digits', 40),
      dataset: 'digits',
    });
    render(<ChartsPanel boundarySource={fakeSource()} />, withStore(store));
    expect(screen.getByText('GPU 5, GPU 6, GPU 7: idle, no images this step.')).toBeTruthy();
  });
});
