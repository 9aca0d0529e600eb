import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MEMORY_MODEL, memoryLimitFigure } from '../../src/cost/limits/memoryLimit';
import { nodeLimitFigure } from '../../src/cost/limits/nodeLimit';
import { PRESETS } from '../../src/cost/presets';
import { testShownStep } from '../testing/shownStep';
import { withStore } from '../testing/testStore';
import { resetStore, store } from './ChartTestState';
import { LimitationsPanel } from './LimitationsPanel';
import { START_WIDTH } from './MemoryLimit';

afterEach(() => {
  cleanup();
  resetStore();
});

const V100 = PRESETS['v100-nvlink'];

function memorySentence(width: number): string {
  const figure = memoryLimitFigure(MEMORY_MODEL, width, V100, [1, 4, 8]);
  if (!figure.ok) throw new Error(figure.error.message);
  return figure.value.sentence;
}

describe('LimitationsPanel', () => {
  it('shows the four limitations, each labelled modeled with its hardware', () => {
    render(<LimitationsPanel />, withStore(store));
    const region = screen.getByRole('region', { name: 'Limitations' });
    for (const name of ['Single-process bottleneck', 'Scalability', 'Memory', 'One machine']) {
      expect(within(region).getByRole('region', { name })).toBeTruthy();
    }
    const bottleneck = screen.getByRole('region', { name: 'Single-process bottleneck' });
    expect(bottleneck.textContent).toContain(`Modeled on ${V100.label}`);
    expect(screen.getByRole('region', { name: 'Scalability' }).textContent).toContain(
      `Modeled on ${V100.label}`,
    );
    expect(screen.getByRole('region', { name: 'Memory' }).textContent).toContain(
      `Modeled from the memory ledger on ${V100.gpu.name}`,
    );
  });

  it('puts this browser’s measured phase times beside the model, labelled measured', () => {
    const { shown } = testShownStep(2, 8);
    store.setState({
      shown: { ...shown, report: { ...shown.report, measuredMs: { forward: 1.25, backward: 2.5 } } },
    });
    render(<LimitationsPanel />, withStore(store));
    const bottleneck = screen.getByRole('region', { name: 'Single-process bottleneck' });
    expect(within(bottleneck).getByText(/Measured in this browser/)).toBeTruthy();
    expect(bottleneck.textContent).toContain('1.3 ms measured');
    expect(bottleneck.textContent).toContain('2.5 ms measured');
  });

  it('without a measured step it says so instead of inventing times', () => {
    render(<LimitationsPanel />, withStore(store));
    expect(screen.getByText(/No step measured yet/)).toBeTruthy();
  });

  it('the memory sentence follows the width control', () => {
    render(<LimitationsPanel />, withStore(store));
    const memory = screen.getByRole('region', { name: 'Memory' });
    expect(memory.textContent).toContain(memorySentence(START_WIDTH));
    expect(memory.textContent).toContain('(out of memory)');
    fireEvent.change(within(memory).getByLabelText('Hidden width'), { target: { value: '2048' } });
    expect(memory.textContent).toContain(memorySentence(2048));
    expect(memory.textContent).not.toContain('(out of memory)');
    expect(memorySentence(2048)).not.toBe(memorySentence(START_WIDTH));
  });

  it('draws both modes on two machines, with the computed number of ranks in the ring', () => {
    render(<LimitationsPanel />, withStore(store));
    const nodes = screen.getByRole('region', { name: 'One machine' });
    const dp = nodeLimitFigure('dp', 2, V100.gpusPerNode, V100);
    const ddp = nodeLimitFigure('ddp', 2, V100.gpusPerNode, V100);
    expect(within(nodes).getByRole('img', { name: dp.sentence })).toBeTruthy();
    expect(within(nodes).getByRole('img', { name: ddp.sentence })).toBeTruthy();
    expect(nodes.querySelectorAll('.limits-gpu-active')).toHaveLength(dp.activeRanks + ddp.activeRanks);
    expect(nodes.querySelectorAll('.limits-ring')).toHaveLength(1);
  });

  it('switching the hardware renames every modeled figure', () => {
    render(<LimitationsPanel />, withStore(store));
    fireEvent.change(screen.getByLabelText('Hardware'), { target: { value: 't4-pcie' } });
    expect(screen.getByRole('region', { name: 'Single-process bottleneck' }).textContent).toContain(
      PRESETS['t4-pcie'].label,
    );
    expect(screen.getByRole('region', { name: 'Memory' }).textContent).toContain(PRESETS['t4-pcie'].gpu.name);
  });
});
