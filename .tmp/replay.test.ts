import { it } from 'vitest';
import { harness } from './testHarness';
it('times a 2000-step replay', async () => {
  const h = harness();
  const settings = { gpus: 4, batch: 10, dataset: 'spiral' as const, seed: 1, optimizer: { kind: 'sgd' as const, lr: 0.1 }, lossPlacement: 'gathered' as const, lossEvery: 1, accuracyEvery: 10 };
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await h.send({ type: 'configure', settings: { ...settings, seed: i + 1 }, step: 2000 });
    console.log('replay 2000 ms', performance.now() - t);
  }
}, 120_000);
