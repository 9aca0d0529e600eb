import { beforeEach, describe, expect, it } from 'vitest';
import { traceDuration } from '../../src/dp/playback';
import { testShownStep } from '../testing/shownStep';
import { createTestStore } from '../testing/testStore';
import { PHASE_REST_WALL_MS, READING_PACE } from './playbackSlice';

const app = createTestStore();

const PHASE_MS = 1000;

beforeEach(() => {
  const { shown, train } = testShownStep(3, 10);
  app.setState({
    shown,
    train,
    runStatus: 'ready',
    cursor: 0,
    phase: 'scatter',
    playing: false,
    stopAt: undefined,
    reducedMotion: false,
    speed: 1,
    restLeft: 0,
  });
});

describe('playback', () => {
  it('Next phase plays the next phase from its start and stops at its end', () => {
    const store = app.getState();
    store.nextPhase();
    expect(app.getState()).toMatchObject({ phase: 'replicate', cursor: PHASE_MS, playing: true });
    // At 1× a phase plays at the reading pace: 400 wall ms move the cursor 200 playback ms.
    app.getState().advance(400);
    expect(app.getState()).toMatchObject({
      phase: 'replicate',
      cursor: PHASE_MS + 400 * READING_PACE,
      playing: true,
    });
    app.getState().advance(4000);
    expect(app.getState()).toMatchObject({
      phase: 'replicate',
      cursor: 2 * PHASE_MS - 1,
      playing: false,
    });
  });

  it('with reduced motion, Next phase jumps to the end state of the phase without playing', () => {
    app.setState({ reducedMotion: true });
    app.getState().nextPhase();
    expect(app.getState()).toMatchObject({
      phase: 'replicate',
      cursor: 2 * PHASE_MS - 1,
      playing: false,
    });
  });

  it('Play runs through the phases, resting at each phase’s end; reduced motion holds each phase and then jumps', () => {
    app.getState().play();
    app.getState().advance(1900);
    expect(app.getState()).toMatchObject({ phase: 'scatter', cursor: 950 });
    // Crossing the phase's end: it rests there, every event done, for PHASE_REST_WALL_MS.
    app.getState().advance(100);
    expect(app.getState()).toMatchObject({ phase: 'scatter', cursor: PHASE_MS - 1 });
    app.getState().advance(PHASE_REST_WALL_MS - 100);
    expect(app.getState()).toMatchObject({ phase: 'scatter', cursor: PHASE_MS - 1 });
    app.getState().advance(100);
    expect(app.getState()).toMatchObject({ phase: 'replicate', cursor: PHASE_MS });
    app.setState({ reducedMotion: true, cursor: 0, phase: 'scatter', restLeft: 0 });
    app.getState().advance(1200);
    expect(app.getState()).toMatchObject({ phase: 'scatter', cursor: 1200 * READING_PACE });
    app.getState().advance(1200);
    expect(app.getState()).toMatchObject({ phase: 'replicate', cursor: PHASE_MS });
  });

  it('Previous phase shows the phase before at rest; Reset goes to the start of the step', () => {
    app.setState({ cursor: 3 * PHASE_MS + 10, phase: 'gather' });
    app.getState().previousPhase();
    expect(app.getState()).toMatchObject({ phase: 'forward', cursor: 3 * PHASE_MS - 1 });
    app.getState().resetPlayback();
    expect(app.getState()).toMatchObject({ phase: 'scatter', cursor: 0, playing: false });
  });

  it('does not move while the next step is being fetched', () => {
    app.setState({ runStatus: 'stepping', playing: true });
    app.getState().advance(500);
    expect(app.getState().cursor).toBe(0);
  });

  it('loops over the step while training continuously', () => {
    const end = traceDuration(app.getState().shown?.trace ?? { phases: [], events: [], playbackPhaseMs: 1 });
    app.setState({ runStatus: 'training', cursor: end - 100 });
    app.getState().advance(100);
    expect(app.getState().cursor).toBeLessThan(end);
    // The stage follows loopPhase; the page's phase (and the URL) stay where they were.
    app.setState({ cursor: 0, phase: 'gather', loopPhase: 'scatter' });
    app.getState().advance(300);
    expect(app.getState()).toMatchObject({ loopPhase: 'replicate', phase: 'gather' });
  });
});
