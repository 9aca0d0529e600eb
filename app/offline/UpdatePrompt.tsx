import { useSyncExternalStore } from 'react';
import { applyUpdate, subscribeToUpdates, waitingWorker } from './serviceWorkerRegistration';
import './updatePrompt.css';

/** Offers the new version of the page once it has been downloaded; the learner chooses when to reload. */
export function UpdatePrompt() {
  const waiting = useSyncExternalStore(subscribeToUpdates, waitingWorker, () => null);
  if (!waiting) return null;
  return (
    <div className="update-prompt" role="status">
      <span>A new version of the playground is ready.</span>
      <button type="button" onClick={applyUpdate}>
        Reload to update
      </button>
    </div>
  );
}
