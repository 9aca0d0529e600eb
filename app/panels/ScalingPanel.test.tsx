import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SCALING_MODELS } from '../../src/cost/models';
import { PRESETS } from '../../src/cost/presets';
import { describeScaling } from '../../src/cost/scalingShape';
import { dpScaling, stopsPayingOff } from '../../src/cost/speedup';
import { withStore } from '../testing/testStore';
import { resetStore, store } from './ChartTestState';
import { formatSpeedup, scalingCurves, speedupAt } from './ScalingCurves';
import { ScalingPanel } from './ScalingPanel';

afterEach(() => {
  cleanup();
  resetStore();
});

function expectedStop(preset: keyof typeof PRESETS, model: keyof typeof SCALING_MODELS): number {
  const { model: spec, batchPerGpu } = SCALING_MODELS[model];
  const curve = dpScaling({ model: spec, optimizer: store.getState().optimizer, batch: batchPerGpu }, preset);
  if (!curve.ok) throw new Error(curve.error.message);
  return stopsPayingOff(curve.value, 0.05);
}

/** The sentence the panel must show for a stop point on a curve of 1..8 GPUs. */
function stopText(stop: number): RegExp {
  return stop === 8
    ? /DataParallel keeps paying off up to 8 GPUs/
    : new RegExp(`DataParallel stops paying off after ${stop} GPU`);
}

describe('ScalingPanel', () => {
  it('names the preset, says everything is modeled, and marks where adding GPUs stops paying off', () => {
    render(<ScalingPanel />, withStore(store));
    const region = screen.getByRole('region', { name: 'Scaling' });
    expect(region.getAttribute('data-tour')).toBe('scaling');
    expect(region.textContent).toContain(PRESETS['a100-nvlink'].label);
    expect(region.textContent).toContain('Modeled speed-up');
    const stop = expectedStop('a100-nvlink', 'large');
    expect(screen.getByText(stopText(stop))).toBeTruthy();
    const marker = document.querySelector('.scaling-stop text');
    expect(marker?.textContent).toBe(stop === 8 ? undefined : 'stops paying off');
  });

  it('draws the "stops paying off" callout only where the sentence says the curve stops', () => {
    // The large model on A100s keeps paying off to 8 GPUs: no callout may contradict that.
    render(<ScalingPanel />, withStore(store));
    const keepsPaying = screen.queryByText(/DataParallel keeps paying off up to 8 GPUs/) !== null;
    expect(document.querySelector('.scaling-stop') === null).toBe(keepsPaying);
    cleanup();
    render(<ScalingPanel />, withStore(store));
    fireEvent.change(screen.getByLabelText('Model'), { target: { value: 'tiny' } });
    const stop = expectedStop('a100-nvlink', 'tiny');
    if (stop < 8) expect(document.querySelector('.scaling-stop')).not.toBeNull();
  });

  it("derives the curve's shape from the curve it draws", () => {
    render(<ScalingPanel />, withStore(store));
    const { model, batchPerGpu } = SCALING_MODELS.large;
    const curve = dpScaling(
      { model, optimizer: store.getState().optimizer, batch: batchPerGpu },
      'a100-nvlink',
    );
    if (!curve.ok) throw new Error(curve.error.message);
    const region = screen.getByRole('region', { name: 'Scaling' });
    expect(region.textContent).toContain(describeScaling(curve.value).sentence);
    expect(region.textContent).not.toMatch(/brings less than the last/);
  });

  it('greys out the second machine for DataParallel and draws DDP across it', () => {
    render(<ScalingPanel />, withStore(store));
    expect(document.querySelector('.scaling-other-node')).not.toBeNull();
    const label = [...document.querySelectorAll('.scaling-node-label tspan')].map((line) => line.textContent);
    expect(label.join(' ')).toBe('Second machine: DataParallel cannot span nodes');
    // DataParallel: one circle per GPU of one machine; DDP: one square per GPU count, 16 included.
    expect(document.querySelectorAll('.scaling-svg circle:not(.scaling-stop circle)')).toHaveLength(8);
    const result = scalingCurves('a100-nvlink', 'large', 'sgd');
    expect(result.ok && result.value.ddp.map((point) => point.gpus)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 16]);
    const table = screen.getByRole('table', { name: /Modeled speed-up over one GPU/ });
    const sixteen = within(table).getByRole('rowheader', { name: '16' }).closest('tr');
    expect(sixteen?.textContent).toContain('one machine only');
  });

  it('marks the current GPU count and follows the slider', () => {
    store.setState({ gpus: 3 });
    render(<ScalingPanel />, withStore(store));
    expect(document.querySelector('.scaling-yours text')?.textContent).toBe('your 3 GPUs');
    act(() => store.setState({ gpus: 6 }));
    expect(document.querySelector('.scaling-yours text')?.textContent).toBe('your 6 GPUs');
    const result = scalingCurves('a100-nvlink', 'large', store.getState().optimizer);
    if (!result.ok) throw new Error(result.message);
    const dp = speedupAt(result.value.dp, 6) ?? Number.NaN;
    expect(screen.getByText(/Your 6 GPUs/).textContent).toContain(`DataParallel ${formatSpeedup(dp)}`);
    expect(screen.getByText(/Your 6 GPUs/).textContent).toContain('this run trains with DataParallel');
    act(() => store.setState({ mode: 'ddp' }));
    const ddp = speedupAt(result.value.ddp, 6) ?? Number.NaN;
    const yours = screen.getByText(/Your 6 GPUs/).textContent ?? '';
    expect(yours).toContain('this run trains with DDP');
    expect(yours).toContain(`DDP ${formatSpeedup(ddp)}`);
    // The stop sentence is DataParallel's, and says so in either mode.
    expect(screen.getByText(/DataParallel (stops|keeps) paying off/)).toBeTruthy();
  });

  it('redraws for another machine and model size', () => {
    render(<ScalingPanel />, withStore(store));
    fireEvent.change(screen.getByLabelText('Hardware'), { target: { value: 't4-pcie' } });
    fireEvent.change(screen.getByLabelText('Model'), { target: { value: 'tiny' } });
    const region = screen.getByRole('region', { name: 'Scaling' });
    expect(region.textContent).toContain(PRESETS['t4-pcie'].label);
    const stop = expectedStop('t4-pcie', 'tiny');
    expect(screen.getByText(stopText(stop))).toBeTruthy();
    const desc = document.querySelector('.scaling-svg desc')?.textContent ?? '';
    expect(desc).toContain(`Modeled for ${PRESETS['t4-pcie'].label}`);
  });
});
