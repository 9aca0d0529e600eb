/**
 * Registers the service worker of the built page (never in the dev server, where files change under it)
 * and tells subscribers when a new version has installed and waits, so the page can offer to update.
 */

type Listener = () => void;

let waiting: ServiceWorker | null = null;
const listeners = new Set<Listener>();

function setWaiting(worker: ServiceWorker | null): void {
  waiting = worker;
  for (const listener of listeners) listener();
}

/** The new version waiting to take over, if any. */
export function waitingWorker(): ServiceWorker | null {
  return waiting;
}

export function subscribeToUpdates(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Lets the waiting version take over; the page reloads when it does. */
export function applyUpdate(): void {
  waiting?.postMessage({ type: 'skip-waiting' });
}

function watch(registration: ServiceWorkerRegistration | undefined): void {
  // Some embedders (Playwright's blocked service workers) resolve the registration to nothing.
  if (!registration) return;
  // With no controller this is the first install, not an update: nothing to offer.
  if (registration.waiting && navigator.serviceWorker.controller) setWaiting(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed' && navigator.serviceWorker.controller) setWaiting(installing);
    });
  });
}

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!waiting || reloading) return;
    reloading = true;
    window.location.reload();
  });
  navigator.serviceWorker.register('./sw.js').then(watch, () => {
    // Without a service worker the page still works online; there is nothing to tell the learner.
  });
}
