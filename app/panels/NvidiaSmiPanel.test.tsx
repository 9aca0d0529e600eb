import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PHASES } from '../../src/dp/phase';
import { utilization } from '../../src/dp/utilization';
import { withStore } from '../testing/testStore';
import { resetStore, shownFor, showStep, store, traceFor } from './ChartTestState';
import { NvidiaSmiPanel } from './NvidiaSmiPanel';
import { memoryBudget, smiRows } from './NvidiaSmiRows';

afterEach(() => {
  cleanup();
  resetStore();
});

const UNITS: Record<string, number> = { byte: 1, bytes: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** "7.2 KiB / 16.0 KiB" → [used, total] in bytes, as a reader would take them. */
function readMemory(text: string): [number, number] {
  const values = [...text.matchAll(/([\d.]+) (bytes?|KiB|MiB|GiB)/g)].map(
    (match) => Number(match[1]) * (UNITS[match[2] ?? 'bytes'] ?? 1),
  );
  return [values[0] ?? Number.NaN, values[1] ?? Number.NaN];
}

function gpuRow(device: number): HTMLElement {
  const table = screen.getByRole('table', { name: /Memory and utilization/ });
  const header = within(table).getByRole('rowheader', { name: `GPU ${device}` });
  return header.closest('tr') as HTMLElement;
}

function memoryOf(device: number): [number, number] {
  return readMemory(gpuRow(device).querySelector('.smi-memory')?.textContent ?? '');
}

describe('NvidiaSmiPanel', () => {
  it('is a region named nvidia-smi that waits for a step', () => {
    render(<NvidiaSmiPanel />, withStore(store));
    const region = screen.getByRole('region', { name: 'nvidia-smi' });
    expect(region.getAttribute('data-tour')).toBe('nvidia-smi');
    expect(within(region).getByRole('heading', { level: 2 }).textContent).toBe('nvidia-smi');
    expect(region.textContent).toContain('Waiting for the first step');
  });

  it('shows GPU 0 using more memory than GPU 1 after gather (3 GPUs, batch 10)', () => {
    showStep(shownFor({ gpus: 3, batch: 10 }), 'gather');
    render(<NvidiaSmiPanel />, withStore(store));
    expect(screen.getAllByRole('rowheader', { name: /^GPU \d$/ })).toHaveLength(3);
    const [gpu0, total] = memoryOf(0);
    const [gpu1] = memoryOf(1);
    expect(gpu0).toBeGreaterThan(gpu1);
    expect(gpu0).toBeLessThanOrEqual(total);
    expect(screen.getByText(/GPU 0 is the fullest/)).toBeTruthy();
  });

  it('says what the other GPUs hold as their own ledger does: gradients from backward to reduce-add', () => {
    const shown = shownFor({ gpus: 3, batch: 10 });
    showStep(shown, 'backward');
    render(<NvidiaSmiPanel />, withStore(store));
    const caption = screen.getByText(/GPU 0 is the fullest/).textContent ?? '';
    const gpu1 = shown.trace.plan.memory.gpus[1];
    expect(gpu1?.byPhase.backward.gradients).toBeGreaterThan(0);
    expect(caption).not.toContain('only a replica');
    expect(caption).toContain('from backward until reduce-add a full set of gradients');
  });

  it('shows idle GPUs at zero memory and zero utilization, with no process', () => {
    showStep(shownFor({ gpus: 8, batch: 10 }), 'forward');
    render(<NvidiaSmiPanel />, withStore(store));
    for (const device of [5, 6, 7]) {
      const row = gpuRow(device);
      expect(memoryOf(device)[0]).toBe(0);
      expect(row.querySelector('.smi-number')?.textContent).toBe('0%');
      expect(row.textContent).toContain('idle');
    }
    expect(memoryOf(4)[0]).toBeGreaterThan(0);
    const processes = screen.getByRole('table', { name: 'Processes' });
    expect(within(processes).getAllByText('python train.py')).toHaveLength(5);
    expect(within(processes).getAllByText('No running processes')).toHaveLength(3);
  });

  it('updates the memory as the phase changes', () => {
    showStep(shownFor({ gpus: 3, batch: 10 }), 'scatter');
    render(<NvidiaSmiPanel />, withStore(store));
    const atScatter = memoryOf(1)[0];
    act(() => store.setState({ phase: 'backward' }));
    const atBackward = memoryOf(1)[0];
    // During backward GPU 1 also holds its replica, activations and a full set of gradients.
    expect(atBackward).toBeGreaterThan(atScatter);
    expect(screen.getByText(/phase: Backward/)).toBeTruthy();
  });

  it('shows the modeled utilization of each GPU', () => {
    const shown = shownFor({ gpus: 3, batch: 10 });
    showStep(shown, 'loss');
    render(<NvidiaSmiPanel />, withStore(store));
    expect(screen.getByRole('columnheader', { name: /GPU-Util/ }).textContent).toContain('modeled');
    const shares = utilization(shown.trace);
    for (const share of shares) {
      expect(gpuRow(share.device).querySelector('.smi-number')?.textContent).toBe(
        `${Math.round(share.share * 100)}%`,
      );
    }
    expect(Math.round((shares[0]?.share ?? 0) * 100)).toBeGreaterThan(0);
  });

  it('explains the one-GPU case instead of comparing GPUs', () => {
    showStep(shownFor({ gpus: 1, batch: 10 }), 'optimizer-step');
    render(<NvidiaSmiPanel />, withStore(store));
    expect(screen.getByText(/One GPU: DataParallel calls the model directly/)).toBeTruthy();
  });
});

describe('smiRows and memoryBudget', () => {
  it('gives every GPU a row, the idle ones empty', () => {
    const trace = traceFor(4, 3);
    const rows = smiRows(trace, 'backward');
    expect(rows.map((row) => row.busy)).toEqual([true, true, true, false]);
    expect(rows[3]).toMatchObject({ usedBytes: 0, utilization: 0, rows: 0, holdings: [] });
    expect(rows[0]?.holdings.map((holding) => holding.title)).toContain('Gathered outputs');
    expect(rows[1]?.holdings.map((holding) => holding.title)).not.toContain('Gathered outputs');
  });

  it('picks a power-of-two budget that holds every GPU at every phase on 1–8 GPUs', () => {
    const trace = traceFor(3, 10);
    const budget = memoryBudget({ model: trace.plan.model, batch: 10, optimizer: 'sgd' });
    expect(Math.log2(budget) % 1).toBe(0);
    let peak = 0;
    for (let gpus = 1; gpus <= 8; gpus++) {
      const other = traceFor(gpus, 10);
      for (const phase of PHASES)
        for (const row of smiRows(other, phase)) peak = Math.max(peak, row.usedBytes);
    }
    expect(budget).toBeGreaterThanOrEqual(peak);
    expect(budget).toBeLessThan(2 * peak);
  });
});
