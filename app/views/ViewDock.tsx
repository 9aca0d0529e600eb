import { Activity, type KeyboardEvent, useRef } from 'react';
import { ChartsPanel } from '../panels/ChartsPanel';
import { CodePanelView } from '../panels/CodePanelView';
import { LimitationsPanel } from '../panels/LimitationsPanel';
import { NvidiaSmiPanel } from '../panels/NvidiaSmiPanel';
import { ScalingPanel } from '../panels/ScalingPanel';
import { TimelinePanel } from '../panels/TimelinePanel';
import { ShownStepNote } from '../stage/ShownStepNote';
import { showView, useActiveView, VIEW_TITLES, VIEWS, type ViewId } from './activeView';
import './views.css';

const PANELS: Record<ViewId, () => React.ReactNode> = {
  code: () => <CodePanelView />,
  'nvidia-smi': () => <NvidiaSmiPanel />,
  charts: () => (
    <>
      <p className="view-note">
        <ShownStepNote />
      </p>
      <ChartsPanel />
    </>
  ),
  timeline: () => <TimelinePanel />,
  scaling: () => <ScalingPanel />,
  limitations: () => <LimitationsPanel />,
};

/**
 * The views docked beside the stage (under it on narrow screens), one at a time behind tabs. Every
 * panel keeps its state while hidden, but only the one in front renders with the page: the others sit
 * in a hidden `Activity`, rendered when the browser is idle, their updates (a new GPU count, each
 * step) deferred and their effects (the decision map's polling) stopped until they come to the front.
 * So a page load or a slider move waits only on the stage and the view the learner sees.
 */
export function ViewDock() {
  const active = useActiveView();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    // The page's own ← / → move the playback; inside the tab list they move between tabs.
    event.preventDefault();
    event.stopPropagation();
    const next = VIEWS[(VIEWS.indexOf(active) + step + VIEWS.length) % VIEWS.length] as ViewId;
    showView(next);
    tabs.current[VIEWS.indexOf(next)]?.focus();
  };
  return (
    <div className="view-dock">
      <div className="view-tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
        {VIEWS.map((view, i) => (
          <button
            key={view}
            ref={(element) => {
              tabs.current[i] = element;
            }}
            type="button"
            role="tab"
            id={`view-tab-${view}`}
            aria-selected={view === active}
            aria-controls={`view-${view}`}
            tabIndex={view === active ? 0 : -1}
            onClick={() => showView(view)}
          >
            {VIEW_TITLES[view]}
          </button>
        ))}
      </div>
      {VIEWS.map((view) => (
        <div
          key={view}
          id={`view-${view}`}
          role="tabpanel"
          aria-labelledby={`view-tab-${view}`}
          hidden={view !== active}
          className="view-panel"
        >
          <Activity mode={view === active ? 'visible' : 'hidden'} name={`view ${view}`}>
            {PANELS[view]()}
          </Activity>
        </div>
      ))}
    </div>
  );
}
