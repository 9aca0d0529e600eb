import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ddpMemoryLedger, ddpMemoryTotal } from '../../src/dp/ddpMemory';
import { DDP_PHASES } from '../../src/dp/ddpPlan';
import type { DdpTrace } from '../../src/dp/ddpTrace';
import { PHASES } from '../../src/dp/phase';
import { utilization } from '../../src/dp/utilization';
import { withStore } from '../testing/testStore';
import { ddpShownFor, resetStore, shownFor, showStep, store, traceFor } from './ChartTestState';
import { ddpSmiRows } from './DdpSmiRows';
import { NvidiaSmiPanel } from './NvidiaSmiPanel';
import { memoryBudget, smiRows } from './NvidiaSmiRows';
import { ddpTraceOf } from './shownDdpTrace';

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

function ddpTrace(gpus: number, batch: number): DdpTrace {
  const trace = ddpTraceOf(ddpShownFor(gpus, batch).report);
  if (!trace) throw new Error('no DDP trace');
  return trace;
}

describe('NvidiaSmiPanel in DDP mode', () => {
  it("shows every rank's memory from the DDP ledger at backward + all-reduce, one process per GPU", () => {
    const shown = ddpShownFor(3, 10);
    showStep(shown, 'gather');
    render(<NvidiaSmiPanel />, withStore(store));
    expect(screen.getByText(/DDP, phase: Backward \+ all-reduce/)).toBeTruthy();
    const ledger = ddpMemoryLedger(ddpTrace(3, 10).plan);
    for (const rank of ledger) {
      const used = Number(gpuRow(rank.rank).getAttribute('data-used-bytes'));
      expect(used).toBe(ddpMemoryTotal(rank.byPhase['backward-all-reduce']));
      expect(gpuRow(rank.rank).textContent).toContain('Gradient buckets');
      expect(gpuRow(rank.rank).textContent).not.toContain('Gathered outputs');
    }
    const processes = screen.getByRole('table', { name: 'Processes' });
    for (const rank of [0, 1, 2]) {
      expect(within(processes).getByText(`python train_ddp.py · rank ${rank}`)).toBeTruthy();
    }
    // 4, 4 and 2 rows: GPU 2 holds less, and the caption says by how much and why.
    const caption = screen.getByText(/GPU 2 holds .* less than GPU 0/).textContent ?? '';
    expect(caption).toContain('its chunk has 2 rows, not 4');
    // Plain SGD keeps no optimizer state: the sentence lists only what the ledger holds.
    expect(caption).toContain('gradient buckets');
    expect(caption).not.toContain('optimizer state');
    expect(caption).not.toContain('GPU 0 is the fullest');
  });

  it("follows its own phase picker, not the DataParallel stage's phase", () => {
    showStep(ddpShownFor(2, 8), 'scatter');
    render(<NvidiaSmiPanel />, withStore(store));
    const picker = screen.getByRole('group', { name: 'Phase shown' });
    const atBackward = Number(gpuRow(1).getAttribute('data-used-bytes'));
    act(() => within(picker).getByRole('button', { name: 'Optimizer step' }).click());
    expect(within(picker).getByRole('button', { name: 'Optimizer step' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    const atStep = Number(gpuRow(1).getAttribute('data-used-bytes'));
    // The graph is gone after backward: no activations, only the scalar loss.
    expect(atStep).toBeLessThan(atBackward);
    const rank1 = ddpMemoryLedger(ddpTrace(2, 8).plan)[1];
    if (!rank1) throw new Error('no rank 1');
    expect(atStep).toBe(ddpMemoryTotal(rank1.byPhase['optimizer-step']));
    act(() => store.setState({ phase: 'backward' }));
    expect(Number(gpuRow(1).getAttribute('data-used-bytes'))).toBe(atStep);
  });

  it('gives a rank without rows its model, gradients, buckets and state, and a running process', () => {
    showStep(ddpShownFor(4, 3), 'forward');
    render(<NvidiaSmiPanel />, withStore(store));
    const row = gpuRow(3);
    expect(row.textContent).toContain('no rows');
    expect(Number(row.getAttribute('data-used-bytes'))).toBeGreaterThan(0);
    expect(row.textContent).not.toMatch(/Input|Activations/);
    const processes = screen.getByRole('table', { name: 'Processes' });
    expect(within(processes).queryByText('No running processes')).toBeNull();
  });

  it('shows GPU-Util from device work only, as utilization() computes it for the DDP trace', () => {
    showStep(ddpShownFor(4, 8), 'forward');
    render(<NvidiaSmiPanel />, withStore(store));
    const trace = ddpTrace(4, 8);
    const shares = utilization(trace);
    const whole = utilization({ ...trace, events: trace.events.map(({ modeledDevice: _, ...e }) => e) });
    for (const share of shares) {
      expect(gpuRow(share.device).querySelector('.smi-number')?.textContent).toBe(
        `${Math.round(share.share * 100)}%`,
      );
      expect(share.busyMs).toBeLessThan(whole[share.device]?.busyMs ?? 0);
    }
  });

  it("compares a rank with DataParallel's GPU 0 on the same batch, the words following the numbers", () => {
    for (const [gpus, batch, word] of [
      [2, 8, 'the buckets, a second copy of the gradients, outweigh'],
      [4, 256, 'GPU 0 holds the whole batch'],
    ] as const) {
      const shown = ddpShownFor(gpus, batch);
      showStep(shown, 'forward');
      const { unmount } = render(<NvidiaSmiPanel />, withStore(store));
      const rank = Math.max(...ddpMemoryLedger(ddpTrace(gpus, batch).plan).map((r) => r.peakBytes));
      const dpGpu0 = shown.trace.plan.memory.gpus[0]?.peakBytes ?? 0;
      expect(rank > dpGpu0).toBe(gpus === 2);
      expect(screen.getByText(/At its peak a rank holds/).textContent).toContain(word);
      unmount();
    }
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
      for (const phase of DDP_PHASES)
        for (const row of ddpSmiRows(ddpTrace(gpus, 10), phase)) peak = Math.max(peak, row.usedBytes);
    }
    expect(budget).toBeGreaterThanOrEqual(peak);
    expect(budget).toBeLessThan(2 * peak);
  });
});
