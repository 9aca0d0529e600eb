import { act, cleanup, render } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { PHASES, type Phase } from '../../src/dp/phase';
import { phaseAtRest, phaseStart } from '../../src/dp/playback';
import { testShownStep } from '../testing/shownStep';
import { createTestStore, withStore } from '../testing/testStore';
import { Stage } from './Stage';

const app = createTestStore();

/** The SVG with volatile noise removed: numbers rounded so snapshots survive float formatting. */
function normalized(container: HTMLElement): string {
  const svg = container.querySelector('svg');
  return (svg?.outerHTML ?? '').replace(/(\d+\.\d)\d+/g, '$1').replace(/></g, '>\n<');
}

function setUp(gpus: number, batch: number, phase: Phase, at: 'start' | 'rest' | number) {
  const { shown, train } = testShownStep(gpus, batch);
  const trace = shown.trace;
  const cursor =
    at === 'start' ? (phaseStart(trace, phase) ?? 0) : at === 'rest' ? (phaseAtRest(trace, phase) ?? 0) : at;
  app.setState({ shown, train, phase, cursor, reducedMotion: false });
  return shown;
}

function renderAt(phase: Phase, at: 'start' | 'rest' | number, gpus = 3, batch = 10) {
  const shown = setUp(gpus, batch, phase, at);
  return render(<Stage shown={shown} phase={phase} width={960} />, withStore(app));
}

function opacity(element: Element | null | undefined): string | undefined {
  return (element as SVGElement | null | undefined)?.style.opacity;
}

afterEach(() => {
  cleanup();
  app.setState({ shown: undefined, cursor: 0 });
});

describe('Stage', () => {
  it('names one group per GPU with its rows, and idle GPUs as idle', () => {
    const { getAllByRole, getByRole } = renderAt('scatter', 'start', 4, 3);
    const groups = getAllByRole('group');
    expect(groups.map((group) => group.getAttribute('aria-label'))).toEqual([
      'GPU 0',
      'GPU 1',
      'GPU 2',
      'GPU 3',
    ]);
    expect(groups[0]?.textContent).toContain('row 0 · 1 sample');
    expect(groups[3]?.textContent).toContain('idle');
    // A figure keeps its parts for screen readers (an img's children would be presentational).
    expect(getByRole('figure').getAttribute('aria-label')).toBe('Stage: step 1, Scatter, on 4 GPUs');
  });

  it('draws the batch as a strip of numbered rows cut into 4, 4, 2 with an arrow per copy', () => {
    const { container } = renderAt('scatter', 'start');
    const rows = Array.from(container.querySelectorAll('.strip-row')).map((row) => row.textContent);
    expect(rows).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(container.querySelectorAll('.strip-cut')).toHaveLength(3);
    expect(container.querySelectorAll('.move-split [marker-end]')).toHaveLength(2);
    // GPU 0 keeps its chunk: an arrow with no copy on it.
    expect(container.querySelector('.move-stay')?.textContent).toBe('no copy');
  });

  it('moves tokens with the cursor without re-rendering React', () => {
    const shown = setUp(3, 10, 'reduce-add', 'start');
    let commits = 0;
    const { container } = render(
      <Profiler id="stage" onRender={() => commits++}>
        <Stage shown={shown} phase="reduce-add" width={960} />
      </Profiler>,
      withStore(app),
    );
    const token = container.querySelector('.move-merge [data-motion="travel"]');
    const before = token?.getAttribute('transform');
    const committed = commits;
    const start = phaseStart(shown.trace, 'reduce-add') ?? 0;
    act(() => app.setState({ cursor: start + 500 }));
    expect(token?.getAttribute('transform')).not.toBe(before);
    expect(commits).toBe(committed);
  });

  it('at rest on reduce-add, GPU 0 shows Σ beside the 1-GPU value and each card keeps its gradient', () => {
    const { container, getByRole } = renderAt('reduce-add', 'rest');
    const gpu0 = getByRole('group', { name: 'GPU 0' });
    expect(gpu0.textContent).toContain('Σ g = 0.06000');
    expect(gpu0.textContent).toContain('1 GPU: 0.06000  equal ✓');
    expect(gpu0.textContent).toContain('largest difference over all');
    for (const [device, grad] of ['0.01000', '0.02000', '0.03000'].entries()) {
      expect(getByRole('group', { name: `GPU ${device}` }).textContent).toContain(`g ${grad}`);
    }
    expect(opacity(container.querySelector('.value-sum'))).toBe('1');
  });

  it('hides the sum until the reduce-add is done', () => {
    const { container } = renderAt('reduce-add', 'start');
    expect(opacity(container.querySelector('.value-sum'))).toBe('0');
  });

  it('shows the loss on the output device at loss, and old → new weight at the optimizer step', () => {
    const loss = renderAt('loss', 'rest');
    expect(loss.getByRole('group', { name: 'GPU 0' }).textContent).toContain('loss = 0.6931');
    cleanup();
    const step = renderAt('optimizer-step', 'rest');
    const text = step.getByRole('group', { name: 'GPU 0' }).textContent ?? '';
    expect(text).toMatch(/w 0\.\d+ → 0\.\d+/);
  });

  it('keeps one fixed height for 1, 4 and 8 GPUs', () => {
    const heights = [1, 4, 8].map((gpus) => {
      const { container } = renderAt('scatter', 'start', gpus, 10);
      const height = container.querySelector('svg')?.getAttribute('height');
      cleanup();
      return height;
    });
    expect(new Set(heights).size).toBe(1);
  });

  for (const gpus of [1, 3, 8]) {
    for (const phase of PHASES) {
      it(`matches its snapshot: ${gpus} GPU(s), ${phase} at rest`, () => {
        const { container } = renderAt(phase, 'rest', gpus, 10);
        expect(normalized(container)).toMatchSnapshot();
      });
    }
  }
});
