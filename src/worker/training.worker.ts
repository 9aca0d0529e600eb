/**
 * The training worker's entry: wires the handler to the worker's message port. All logic lives in
 * `handler.ts` (tested in Node); this file only supplies the browser's clock, timers and engines.
 */
import { loadDigits } from '../data/digits';
import { createEngine, DEFAULT_FACTORIES, spawnSibling } from '../train/createEngine';
import type { Dataset } from '../train/engine';
import { createTrainingHandler } from './handler';

/** The part of `DedicatedWorkerGlobalScope` used here (the project's lib types describe a window). */
type WorkerScope = {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
};

const scope = globalThis as unknown as WorkerScope;

// A message-channel round trip lets queued messages (a Pause) in without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();

const digits = new Map<string, Promise<Dataset>>();

const handler = createTrainingHandler({
  post: (message, transfer = []) => scope.postMessage(message, transfer),
  createEngine: (prefer) => createEngine(prefer),
  createCpuEngine: DEFAULT_FACTORIES.cpu,
  spawnSibling: (engine) => spawnSibling(engine),
  // Fetch the digits once per worker, not on every reconfiguration (a failed load is retried).
  loadDigits: (url) => {
    const cached = digits.get(url) ?? loadDigits(url);
    digits.set(url, cached);
    cached.catch(() => digits.delete(url));
    return cached;
  },
  reacquireAfterLoss: true,
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  yieldToEvents: () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    }),
});

scope.addEventListener('message', (event) => {
  void handler.handle(event.data);
});
