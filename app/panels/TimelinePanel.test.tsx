import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { formatMs } from '../../src/dp/format';
import { withMeasured } from '../../src/dp/measured';
import { PHASES } from '../../src/dp/phase';
import { withStore } from '../testing/testStore';
import { ddpShownFor, resetStore, shownFor, showStep, store, traceFor } from './ChartTestState';
import { ddpTimelineOf } from './DdpTimelineLanes';
import { ddpTraceOf } from './shownDdpTrace';
import { modeledTimeAt, timelineOf } from './TimelineLanes';
import { TimelinePanel } from './TimelinePanel';

afterEach(() => {
  cleanup();
  resetStore();
});

function laneLabels(): string[] {
  return [...document.querySelectorAll('.timeline-lane-label')].map((node) => node.textContent ?? '');
}

describe('TimelinePanel', () => {
  it('draws a lane for the Python process and one per GPU, and lists every phase', () => {
    showStep(shownFor({ gpus: 3, batch: 10 }), 'forward');
    render(<TimelinePanel />, withStore(store));
    const region = screen.getByRole('region', { name: 'Timeline' });
    expect(region.getAttribute('data-tour')).toBe('timeline');
    expect(laneLabels()).toEqual(['Python', 'GPU 0', 'GPU 1', 'GPU 2']);
    const table = screen.getByRole('table', { name: 'Time per phase' });
    expect(within(table).getAllByRole('row')).toHaveLength(1 + PHASES.length);
    expect(screen.getByRole('img', { name: /Modeled timeline/ })).toBeTruthy();
    expect(region.textContent).toContain('modeled for 8× A100');
  });

  it('highlights the current phase', () => {
    showStep(shownFor({ gpus: 3, batch: 10 }), 'gather');
    render(<TimelinePanel />, withStore(store));
    const current = document.querySelector('[aria-current="step"]');
    expect(current?.textContent).toContain('Gather');
    expect(current?.textContent).toContain('(now)');
    act(() => store.setState({ phase: 'loss' }));
    expect(document.querySelector('[aria-current="step"]')?.textContent).toContain('Loss');
  });

  it('says in words that the one process starts the replicas one after another', () => {
    showStep(shownFor({ gpus: 3, batch: 10 }), 'forward');
    render(<TimelinePanel />, withStore(store));
    const sentence = screen.getByText(/starts the replicas one after another/).textContent ?? '';
    const times = [...sentence.matchAll(/GPU (\d) at ([\d.]+) ms/g)].map((match) => Number(match[2]));
    expect(times).toHaveLength(3);
    expect(times[0]).toBeLessThan(times[1] ?? 0);
    expect(times[1]).toBeLessThan(times[2] ?? 0);
  });

  it('lists measured times only when the browser measured them', () => {
    const shown = shownFor({ gpus: 2, batch: 10 });
    showStep(shown, 'scatter');
    const { unmount } = render(<TimelinePanel />, withStore(store));
    expect(screen.queryByRole('columnheader', { name: /Measured/ })).toBeNull();
    unmount();
    const measured = { ...shown, trace: withMeasured(shown.trace, { forward: 2.5, backward: 4 }) };
    showStep(measured, 'scatter', { engineInfo: { kind: 'cpu', label: 'CPU', reason: null } });
    render(<TimelinePanel />, withStore(store));
    expect(screen.getByRole('columnheader', { name: 'Measured here' })).toBeTruthy();
    expect(screen.getByRole('table', { name: /measured in this browser on CPU/ })).toBeTruthy();
    const forward = screen.getByRole('rowheader', { name: /Forward/ }).closest('tr');
    expect(forward?.textContent).toContain(formatMs(2.5));
  });

  it('labels idle GPUs and draws nothing on them', () => {
    showStep(shownFor({ gpus: 8, batch: 10 }), 'forward');
    render(<TimelinePanel />, withStore(store));
    expect(laneLabels().slice(6)).toEqual(['GPU 5 · idle', 'GPU 6 · idle', 'GPU 7 · idle']);
    const titles = [...document.querySelectorAll('rect > title')].map((node) => node.textContent ?? '');
    expect(titles.some((title) => title.startsWith('GPU 4 '))).toBe(true);
    expect(titles.some((title) => /^GPU [567] /.test(title))).toBe(false);
  });

  it('moves the playhead with the playback cursor without re-rendering the chart', () => {
    const shown = shownFor({ gpus: 3, batch: 10 });
    showStep(shown, 'scatter', { cursor: 0 });
    render(<TimelinePanel />, withStore(store));
    const playhead = document.querySelector('.timeline-playhead');
    const before = Number(playhead?.getAttribute('x1'));
    act(() => store.setState({ cursor: 4.5 * shown.trace.playbackPhaseMs }));
    expect(Number(playhead?.getAttribute('x1'))).toBeGreaterThan(before);
  });
});

function ddpTrace(gpus: number, batch: number) {
  const trace = ddpTraceOf(ddpShownFor(gpus, batch).report);
  if (!trace) throw new Error('no DDP trace');
  return trace;
}

describe('TimelinePanel in DDP mode', () => {
  it("draws DDP's step: a lane per rank and no Python lane, DDP's three phases, no scatter or gather", () => {
    showStep(ddpShownFor(4, 8), 'gather');
    render(<TimelinePanel />, withStore(store));
    expect(laneLabels()).toEqual(['GPU 0', 'GPU 1', 'GPU 2', 'GPU 3']);
    expect(
      screen.getByRole('img', { name: 'Modeled timeline of one DistributedDataParallel step' }),
    ).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Time per phase' });
    const phases = within(table)
      .getAllByRole('rowheader')
      .map((cell) => cell.textContent);
    expect(phases).toEqual(['Forward + loss', 'Backward + all-reduce', 'Optimizer step']);
    // The DataParallel stage's phase is not on this timeline: nothing is "now", no playhead.
    expect(document.querySelector('[aria-current="step"]')).toBeNull();
    expect(document.querySelector('.timeline-playhead')).toBeNull();
    const titles = [...document.querySelectorAll('rect > title')].map((node) => node.textContent ?? '');
    expect(titles.some((title) => /Scatter|Replicate|Gather|Reduce-add/.test(title))).toBe(false);
    const legend = screen.getByRole('list', { name: 'Phase colours' });
    expect(legend.textContent).toContain('All-reduce (ring rounds)');
  });

  it("draws 2(N−1) ring rounds on every rank, each rank's own optimizer step, with modeled times", () => {
    for (const gpus of [2, 3, 4, 8]) {
      const timeline = ddpTimelineOf(ddpTrace(gpus, 16));
      for (const lane of timeline.gpus) {
        const received = lane.bars.filter((bar) => bar.title === 'All-reduce' && bar.role === 'runs');
        const sent = lane.bars.filter((bar) => bar.title === 'All-reduce' && bar.role === 'sends');
        expect(received).toHaveLength(2 * (gpus - 1));
        expect(sent).toHaveLength(2 * (gpus - 1));
        expect(lane.bars.filter((bar) => bar.phase === 'optimizer-step')).toHaveLength(1);
      }
    }
  });

  it('says when the ring runs against the end of backward, and compares with DataParallel, from the numbers', () => {
    const shown = ddpShownFor(4, 8);
    showStep(shown, 'forward');
    render(<TimelinePanel />, withStore(store));
    const trace = ddpTrace(4, 8);
    const ring = trace.events.filter((event) => event.kind === 'all-reduce');
    const ringStart = Math.min(...ring.map((event) => event.modeledStartMs));
    const sentence = screen.getByText(/The ring's 6 rounds run from/).textContent ?? '';
    expect(sentence).toContain(`from ${formatMs(ringStart)}`);
    // One bucket: it is ready only when backward has produced the first layer's gradients.
    expect(trace.plan.buckets).toHaveLength(1);
    expect(sentence).toContain('nothing overlaps');
    const contrast =
      screen.getByText(/DataParallel's step on the same batch and GPUs takes/).textContent ?? '';
    expect(contrast).toContain(formatMs(shown.trace.modeledStepMs));
    expect(contrast).toContain(formatMs(trace.modeledStepMs));
    expect(contrast).toContain(
      shown.trace.modeledStepMs > trace.modeledStepMs ? 'DataParallel takes' : 'DDP takes',
    );
  });

  it("lists the engine's measured DDP phase times, labelled measured", () => {
    showStep(
      ddpShownFor(2, 8, { forward: 1.5, 'backward-all-reduce': 3.25, 'optimizer-step': 0.5 }),
      'scatter',
      {
        engineInfo: { kind: 'cpu', label: 'CPU', reason: null },
      },
    );
    render(<TimelinePanel />, withStore(store));
    expect(screen.getByRole('table', { name: /measured in this browser on CPU/ })).toBeTruthy();
    const row = screen.getByRole('rowheader', { name: /Backward \+ all-reduce/ }).closest('tr');
    expect(row?.textContent).toContain(formatMs(3.25));
  });

  it('names a rank without rows, which still joins the ring', () => {
    showStep(ddpShownFor(4, 3), 'forward');
    render(<TimelinePanel />, withStore(store));
    expect(laneLabels()[3]).toBe('GPU 3 · no rows');
    const titles = [...document.querySelectorAll('rect > title')].map((node) => node.textContent ?? '');
    expect(titles.some((title) => title.startsWith('GPU 3 receives segment'))).toBe(true);
    expect(titles.some((title) => title.startsWith('GPU 3 computes'))).toBe(false);
  });
});

describe('timelineOf', () => {
  it('draws a copy on both GPUs it joins', () => {
    const timeline = timelineOf(traceFor(3, 10));
    const gpu0 = timeline.gpus[0]?.bars ?? [];
    const gpu2 = timeline.gpus[2]?.bars ?? [];
    expect(gpu0.find((bar) => bar.id === 'scatter:gpu2:send')?.role).toBe('sends');
    expect(gpu2.find((bar) => bar.id === 'scatter:gpu2')?.role).toBe('runs');
    expect(gpu2.find((bar) => bar.id === 'gather:gpu2:send')?.label).toContain('to GPU 0');
  });

  it('places the phases one after another and maps playback into them', () => {
    const timeline = timelineOf(traceFor(4, 10));
    timeline.spans.forEach((span, i) => {
      expect(span.endMs).toBeGreaterThanOrEqual(span.startMs);
      if (i > 0) expect(span.startMs).toBeGreaterThanOrEqual(timeline.spans[i - 1]?.endMs ?? 0);
    });
    const forward = timeline.spans[2];
    expect(modeledTimeAt(timeline.spans, 2, 0)).toBe(forward?.startMs);
    expect(modeledTimeAt(timeline.spans, 2, 1)).toBe(forward?.endMs);
    expect(timeline.totalMs).toBeGreaterThanOrEqual(timeline.spans[7]?.endMs ?? Number.POSITIVE_INFINITY);
  });

  it('skips the phases a single GPU does not run', () => {
    const timeline = timelineOf(traceFor(1, 10));
    expect(timeline.gpus[0]?.bars.some((bar) => bar.phase === 'replicate' || bar.phase === 'gather')).toBe(
      false,
    );
  });
});
