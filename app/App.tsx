import { Controls } from './controls/Controls';
import { EngineBadge } from './EngineBadge';
import { ExercisesPanel } from './exercises/ExercisesPanel';
import { ExportMenu } from './export/ExportMenu';
import { Notices } from './Notices';
import { StagePanel } from './stage/StagePanel';
import { useAnimationClock, useReducedMotion } from './store/useAnimationClock';
import { usePlaybackKeys } from './store/usePlaybackKeys';
import { useRunLifecycle } from './store/useRunLifecycle';
import { useUrlSync } from './store/useUrlSync';
import { TutorialSheet } from './tutorial/TutorialSheet';
import { ViewDock } from './views/ViewDock';

export function App() {
  useUrlSync();
  useRunLifecycle();
  useReducedMotion();
  useAnimationClock();
  usePlaybackKeys();

  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>DataParallel Playground</h1>
          <p className="tagline">Watch PyTorch's nn.DataParallel split one real training step across GPUs.</p>
        </div>
        <ExportMenu />
        <EngineBadge />
      </header>
      <Notices />
      <div className="layout">
        <main className="main-column">
          <Controls />
          <StagePanel />
        </main>
        <aside className="side-column">
          <TutorialSheet />
          <ViewDock />
        </aside>
        <div className="after-column">
          <ExercisesPanel />
        </div>
      </div>
    </div>
  );
}
