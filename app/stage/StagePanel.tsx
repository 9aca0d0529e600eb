import { useCallback, useMemo, useRef, useState } from 'react';
import { formatCount } from '../../src/dp/format';
import { useStore } from '../store/store';
import { DdpStage } from './ddp/DdpStage';
import { ModeSwitch } from './ModeSwitch';
import { Narration } from './Narration';
import { PhaseDetail } from './PhaseDetail';
import { PhaseScrubber } from './PhaseScrubber';
import { PhaseTimeline } from './PhaseTimeline';
import { PlaybackControls } from './PlaybackControls';
import { plannedStep } from './plannedStep';
import { RunStatus } from './RunStatus';
import { Stage } from './Stage';
import { STAGE_HEIGHT } from './stageGeometry';
import './stage.css';

/**
 * Watches the stage box's width (the stage is drawn 1:1 in CSS pixels, so its labels keep their size).
 * A callback ref: the box is another element in each mode.
 */
function useWidth(): [(element: HTMLDivElement | null) => void, number] {
  const [width, setWidth] = useState(960);
  const observer = useRef<ResizeObserver | undefined>(undefined);
  const box = useCallback((element: HTMLDivElement | null) => {
    observer.current?.disconnect();
    observer.current = undefined;
    if (!element) return;
    const watch = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    watch.observe(element);
    observer.current = watch;
  }, []);
  return [box, width];
}

/** While the GPUs are set up or a link's steps replay: the previous stage stays, dimmed, under a progress line. */
function Rebuilding() {
  const status = useStore((state) => state.runStatus);
  const replay = useStore((state) => state.replay);
  if (status !== 'starting' && status !== 'replaying') return null;
  const text =
    status === 'replaying' && replay
      ? `Replaying step ${formatCount(replay.done)} of ${formatCount(replay.total)}`
      : 'Setting up the GPUs…';
  return (
    <div className="stage-rebuilding">
      <p>{text}</p>
      {status === 'replaying' && replay ? (
        <progress max={replay.total} value={replay.done} aria-label="Replaying the link’s steps" />
      ) : (
        <progress aria-label="Setting up" />
      )}
    </div>
  );
}

/** The stage with its playback controls, narration and the numbers of the current phase. */
export function StagePanel() {
  const shown = useStore((state) => state.shown);
  const phase = useStore((state) => (state.runStatus === 'training' ? state.loopPhase : state.phase));
  const rebuilding = useStore((state) => state.runStatus === 'starting' || state.runStatus === 'replaying');
  const engine = useStore((state) => state.engineInfo?.label);
  const gpus = useStore((state) => state.gpus);
  const batch = useStore((state) => state.batch);
  const dataset = useStore((state) => state.dataset);
  const optimizer = useStore((state) => state.optimizer);
  const lr = useStore((state) => state.lr);
  const seed = useStore((state) => state.seed);
  const planned = useMemo(
    () => (shown ? undefined : plannedStep(gpus, batch, dataset, optimizer, lr, seed)),
    [shown, gpus, batch, dataset, optimizer, lr, seed],
  );
  const [box, width] = useWidth();
  const mode = useStore((state) => state.mode);
  const drawn = shown ?? planned;
  if (mode === 'ddp') {
    return (
      <section className="panel stage-panel" aria-label="Stage" data-tour="stage">
        <div className="stage-head">
          <h2>One DistributedDataParallel step, rank by rank</h2>
          <RunStatus />
        </div>
        <ModeSwitch />
        {shown?.report.detail?.ddp ? (
          <div ref={box} className="ddp-stage">
            <DdpStage key={shown.index} shown={shown} width={width} />
          </div>
        ) : (
          <p className="narration" role="status">
            Preparing the first DistributedDataParallel step…
          </p>
        )}
      </section>
    );
  }
  return (
    <section className="panel stage-panel" aria-label="Stage" data-tour="stage">
      <div className="stage-head">
        <h2>One training step, phase by phase</h2>
        <RunStatus />
      </div>
      <ModeSwitch />
      <PhaseTimeline />
      {/* Focusable: at narrow widths the drawing scrolls sideways, and keyboards must reach it too. */}
      <div
        ref={box}
        className={rebuilding ? 'stage-box rebuilding' : 'stage-box'}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
      >
        {drawn ? (
          <Stage shown={drawn} phase={phase} width={width} />
        ) : (
          <div className="stage-placeholder" style={{ height: STAGE_HEIGHT }} />
        )}
        <Rebuilding />
      </div>
      <PhaseScrubber />
      <PlaybackControls />
      <Narration />
      {shown ? <PhaseDetail shown={shown} phase={phase} engine={engine} /> : null}
    </section>
  );
}
