import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createTrainingClient } from '../src/worker/client';
import { App } from './App';
import { ErrorBoundary } from './ErrorBoundary';
import { registerServiceWorker } from './offline/serviceWorkerRegistration';
import { UpdatePrompt } from './offline/UpdatePrompt';
import { browserStorage } from './store/progressStorage';
import { createAppStore, StoreProvider } from './store/store';
import './styles.css';
import './styles-narrow.css';
import './touchTargets.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The page's one store, over the page's one training worker.
const store = createAppStore({
  client: createTrainingClient(),
  storage: browserStorage(),
  location: window.location,
});
// The worker starts on the link's settings now, while React renders the page for the first time.
void store.getState().ensureRun();
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <StoreProvider store={store}>
        <App />
        <UpdatePrompt />
      </StoreProvider>
    </ErrorBoundary>
  </StrictMode>,
);
registerServiceWorker();
