import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { spiral } from '../../src/data/planar';
import { createTestStore, withStore } from '../testing/testStore';
import { ExportMenu } from './ExportMenu';

let store = createTestStore();

afterEach(() => {
  cleanup();
  store = createTestStore();
  vi.restoreAllMocks();
});

/** The store after the worker has trained `steps` steps of the spiral on 2 GPUs. */
function trained(steps: number): void {
  const train = spiral({ count: 40, classes: 2, noise: 0.04, seed: 9 });
  const history = Array.from({ length: steps }, (_, i) => ({ step: i + 1, loss: 0.25 * (i + 1) }));
  store.setState({ gpus: 2, batch: 8, dataset: 'spiral', seed: 4, train, stepsDone: steps, history });
}

describe('ExportMenu', () => {
  it('opens from its button, says what runs where, and closes on Escape back to the button', () => {
    trained(3);
    render(<ExportMenu />, withStore(store));
    const toggle = screen.getByRole('button', { name: 'Export to PyTorch…' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const panel = screen.getByRole('region', { name: 'Export to PyTorch' });
    expect(panel.textContent).toContain('What this does on your machine');
    expect(panel.textContent).toContain('torchrun --standalone --nproc_per_node=2 train_ddp.py');
    expect(panel.textContent).toContain('trains the 3 steps trained so far');
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(toggle);
  });

  it('cannot export before the first step', () => {
    store.setState({ train: undefined, stepsDone: 0 });
    render(<ExportMenu />, withStore(store));
    fireEvent.click(screen.getByRole('button', { name: 'Export to PyTorch…' }));
    expect(screen.getByRole('button', { name: 'Export train_dp.py' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Available once the first step has run.')).toBeTruthy();
  });

  it('downloads a script built from the store at the moment of the click', async () => {
    trained(5);
    store.setState({ mode: 'ddp' });
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:export';
    });
    URL.revokeObjectURL = vi.fn();
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(<ExportMenu />, withStore(store));
    fireEvent.click(screen.getByRole('button', { name: 'Export to PyTorch…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export train_dp.py' }));
    expect(clicked).toHaveBeenCalledTimes(1);
    const text = await (blobs[0] as Blob).text();
    expect(text).toContain(
      'SETTINGS = {"dataset": "spiral", "gpus": 2, "batch": 8, "optimizer": "sgd", "lr": 0.1, "seed": 4, "mode": "ddp", "steps": 5}',
    );
    // 8 rows on 2 GPUs split 4, 4 at every step, so the DP script can compare with the page's DDP losses.
    expect(text).toContain('PAGE_LAST_LOSS = (5, 1.25)');
  });
});
