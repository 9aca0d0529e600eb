/**
 * A training handler wired for Node tests: real CPU engines, the shipped digits, a real clock, and
 * every posted message recorded. Not shipped (only tests import it).
 */
import { readFileSync } from 'node:fs';
import { decodeDigits } from '../data/digits';
import { createCpuEngine } from '../train/cpuEngine';
import type { EngineChoice } from '../train/createEngine';
import type { Engine } from '../train/engine';
import { createTrainingHandler, type HandlerDeps } from './handler';
import type { TrainingRequest, TrainingResponse, TrainingSettings } from './protocol';

export const SPIRAL: TrainingSettings = {
  gpus: 2,
  batch: 32,
  dataset: 'spiral',
  seed: 1,
  optimizer: { kind: 'adam', lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  lossPlacement: 'gathered',
};

const digitsBytes = readFileSync(new URL('../../public/data/digits.bin', import.meta.url));

export function harness(overrides: Partial<HandlerDeps> = {}) {
  const messages: TrainingResponse[] = [];
  const digitsUrls: string[] = [];
  let nextId = 1;
  const cpuChoice = async (): Promise<EngineChoice> => {
    const engine = createCpuEngine();
    return { engine, info: { kind: 'cpu', label: engine.label, reason: 'WebGPU unavailable: test' } };
  };
  const handler = createTrainingHandler({
    post: (message) => messages.push(message),
    createEngine: cpuChoice,
    createCpuEngine: async (): Promise<Engine> => createCpuEngine(),
    spawnSibling: async () => createCpuEngine(),
    loadDigits: async (url) => {
      digitsUrls.push(url);
      return decodeDigits(digitsBytes);
    },
    now: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    yieldToEvents: () => new Promise((resolve) => setImmediate(resolve)),
    ...overrides,
  });
  type Body = TrainingRequest extends infer R ? (R extends TrainingRequest ? Omit<R, 'id'> : never) : never;
  /** Send a request; resolves when the handler is done, with the messages answering it. */
  const send = async (body: Body): Promise<TrainingResponse[]> => {
    const id = nextId++;
    await handler.handle({ ...body, id } as TrainingRequest);
    return messages.filter((m) => m.id === id);
  };
  /** Send without waiting (a run), returning the id. */
  const start = (body: Body): { id: number; done: Promise<void> } => {
    const id = nextId++;
    return { id, done: handler.handle({ ...body, id } as TrainingRequest) };
  };
  const events = (type: TrainingResponse['type']) => messages.filter((m) => m.type === type);
  return { handler, messages, digitsUrls, send, start, events };
}

/** Resolve once `predicate` holds, polling between macrotasks. */
export async function until(predicate: () => boolean, tries = 2000): Promise<void> {
  for (let i = 0; i < tries && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  if (!predicate()) throw new Error('condition never held');
}
