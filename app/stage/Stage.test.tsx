import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Phase } from '../../src/dp/phase';
import { testShownStep } from '../testing/shownStep';
import { createTestStore, withStore } from '../testing/testStore';
import { Stage } from './Stage';

const app = createTestStore();

/** The SVG with volatile noise removed: numbers rounded so snapshots survive float formatting. */
function normalized(container: HTMLElement): string {
  const svg = container.querySelector('svg');
  return (svg?.outerHTML ?? '').replace(/(\d+\.\d)\d+/g, '$1').replace(/></g, '>\n<');
}

function renderAt(phase: Phase, cursor: number, gpus = 3, batch = 10) {
  const { shown, train } = testShownStep(gpus, batch);
  app.setState({ shown, train, phase, cursor, reducedMotion: false });
  return render(<Stage shown={shown} phase={phase} train={train} narrow={false} />, withStore(app));
}

afterEach(() => {
  cleanup();
  app.setState({ shown: undefined, cursor: 0 });
});

describe('Stage', () => {
  it('names one group per GPU with its rows, and idle GPUs as idle', () => {
    const { getAllByRole } = renderAt('scatter', 0, 4, 3);
    const groups = getAllByRole('group');
    expect(groups.map((group) => group.getAttribute('aria-label'))).toEqual([
      'GPU 0',
      'GPU 1',
      'GPU 2',
      'GPU 3',
    ]);
    expect(groups[0]?.textContent).toContain('row 0 · 1 sample');
    expect(groups[3]?.textContent).toContain('idle');
  });

  it('draws the scatter with every sample starting in the batch, coloured by its GPU', () => {
    const { container } = renderAt('scatter', 0);
    const travelling = container.querySelectorAll('.samples [data-from]');
    expect(travelling).toHaveLength(10);
    expect(normalized(container)).toMatchSnapshot();
  });

  it('moves tokens with the cursor without re-rendering', () => {
    const { container } = renderAt('reduce-add', 6000);
    const token = container.querySelector('.transfers [data-from]');
    const before = token?.getAttribute('transform');
    act(() => app.setState({ cursor: 6900 }));
    expect(token?.getAttribute('transform')).not.toBe(before);
  });

  it('shows the reduce-add sum on GPU 0 once the phase is done', () => {
    const { container, getByRole } = renderAt('reduce-add', 6999);
    const sum = Array.from(getByRole('group', { name: 'GPU 0' }).querySelectorAll('text')).find((text) =>
      text.textContent?.startsWith('Σ g ='),
    );
    expect(sum?.textContent).toBe('Σ g = 0.06000');
    expect((sum as SVGElement | undefined)?.style.opacity).toBe('1');
    expect(normalized(container)).toMatchSnapshot();
  });

  it('hides values that have not arrived yet', () => {
    const { getByRole } = renderAt('reduce-add', 6000);
    const sum = Array.from(getByRole('group', { name: 'GPU 0' }).querySelectorAll('text')).find((text) =>
      text.textContent?.startsWith('Σ g ='),
    );
    expect((sum as SVGElement | undefined)?.style.opacity).toBe('0');
  });
});
