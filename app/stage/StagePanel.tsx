import { useEffect, useRef, useState } from 'react';
import { useStore } from '../store/store';
import { DdpStage } from './ddp/DdpStage';
import { ModeSwitch } from './ModeSwitch';
import { Narration } from './Narration';
import { PhaseDetail } from './PhaseDetail';
import { PhaseScrubber } from './PhaseScrubber';
import { PhaseTimeline } from './PhaseTimeline';
import { PlaybackControls } from './PlaybackControls';
import { RunStatus } from './RunStatus';
import { Stage } from './Stage';
import './stage.css';

const NARROW_PX = 620;

/** Watches the stage's width so phones get the two-column layout. */
function useNarrow(): [React.RefObject<HTMLDivElement | null>, boolean] {
  const box = useRef<HTMLDivElement>(null);
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setNarrow(entry.contentRect.width < NARROW_PX);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [box, narrow];
}

/** The stage with its playback controls, narration and the numbers of the current phase. */
export function StagePanel() {
  const shown = useStore((state) => state.shown);
  const phase = useStore((state) => (state.runStatus === 'training' ? state.loopPhase : state.phase));
  const train = useStore((state) => state.train);
  const engine = useStore((state) => state.engineInfo?.label);
  const [box, narrow] = useNarrow();
  const mode = useStore((state) => state.mode);
  if (mode === 'ddp') {
    return (
      <section className="panel stage-panel" aria-label="Stage" data-tour="stage">
        <div className="stage-head">
          <h2>One DistributedDataParallel step, rank by rank</h2>
          <RunStatus />
        </div>
        <ModeSwitch />
        {shown?.report.detail?.ddp ? (
          <DdpStage key={shown.index} shown={shown} />
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
      <PlaybackControls />
      <Narration />
      <PhaseTimeline />
      <PhaseScrubber />
      <div ref={box} className="stage-box">
        {shown && train ? (
          <Stage shown={shown} phase={phase} train={train} narrow={narrow} />
        ) : (
          <div className="stage-placeholder" />
        )}
      </div>
      {shown ? <PhaseDetail shown={shown} phase={phase} engine={engine} /> : null}
    </section>
  );
}
