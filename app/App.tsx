import { useEffect } from 'react';
import { Controls } from './controls/Controls';
import { EngineBadge } from './EngineBadge';
import { ExercisesPanel } from './exercises/ExercisesPanel';
import { Notices } from './Notices';
import { ChartsPanel } from './panels/ChartsPanel';
import { CodePanelView } from './panels/CodePanelView';
import { LimitationsPanel } from './panels/LimitationsPanel';
import { NvidiaSmiPanel } from './panels/NvidiaSmiPanel';
import { ScalingPanel } from './panels/ScalingPanel';
import { TimelinePanel } from './panels/TimelinePanel';
import { StagePanel } from './stage/StagePanel';
import { useStore } from './store/store';
import { useAnimationClock, useReducedMotion } from './store/useAnimationClock';
import { usePlaybackKeys } from './store/usePlaybackKeys';
import { useRunLifecycle } from './store/useRunLifecycle';
import { useUrlSync } from './store/useUrlSync';
import { TutorialPanel } from './tutorial/TutorialPanel';

export function App() {
  useUrlSync();
  useRunLifecycle();
  useReducedMotion();
  useAnimationClock();
  usePlaybackKeys();
  const detectEngine = useStore((state) => state.detectEngine);
  useEffect(() => {
    void detectEngine();
  }, [detectEngine]);

  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>DataParallel Playground</h1>
          <p className="tagline">Watch PyTorch's nn.DataParallel split one real training step across GPUs.</p>
        </div>
        <EngineBadge />
      </header>
      <Notices />
      <div className="layout">
        <main className="main-column">
          <Controls />
          <StagePanel />
          <div className="panel-grid">
            <CodePanelView />
            <NvidiaSmiPanel />
            <ChartsPanel />
            <TimelinePanel />
            <ScalingPanel />
            <LimitationsPanel />
          </div>
          <ExercisesPanel />
        </main>
        <aside className="side-column">
          <TutorialPanel />
        </aside>
      </div>
    </div>
  );
}
