/**
 * A shown step for component and store tests: a real trace from `src/dp` and per-replica values shaped
 * like the engine's detail (computed here from simple formulas, since no engine runs in jsdom).
 */

import { type DatasetId, defaultModel } from '../../src/data/registry';
import { buildTrace } from '../../src/dp/trace';
import { paramLayout } from '../../src/nn/spec';
import type { Dataset } from '../../src/train/engine';
import type { RanWith } from '../../src/worker/protocol';
import type { ShownStep } from '../store/runSlice';

/** The settings a test step "ran with". */
export function ranWith(gpus: number, batch: number, dataset: DatasetId = 'spiral'): RanWith {
  return {
    gpus,
    batch,
    dataset,
    seed: 1,
    model: defaultModel(dataset),
    optimizer: { kind: 'sgd', lr: 0.1 },
    lossPlacement: 'gathered',
    mode: 'dp',
  };
}

export function testShownStep(gpus: number, batch: number): { shown: ShownStep; train: Dataset } {
  const model = defaultModel('spiral');
  const built = buildTrace({ gpus, batch, model, optimizer: 'sgd' });
  if (!built.ok) throw new Error(built.error.message);
  const trace = built.value;
  const count = paramLayout(model).count;
  const weight = 3;
  const train: Dataset = {
    x: Float32Array.from({ length: batch * 2 }, (_, i) => Math.sin(i) * 0.9),
    y: Uint32Array.from({ length: batch }, (_, i) => i % 2),
    count: batch,
    features: 2,
    classes: 2,
  };
  const chunkRows = trace.plan.chunks.map((chunk) =>
    Array.from({ length: chunk.end - chunk.start }, (_, i) => chunk.start + i),
  );
  const replicaGrads = chunkRows.map((_, device) => 0.01 * (device + 1));
  const summed = replicaGrads.reduce((sum, grad) => sum + grad, 0);
  const params = Float32Array.from({ length: count }, (_, i) => i / count);
  const shown: ShownStep = {
    index: 0,
    weight,
    trace,
    comparison: {
      gpus,
      rows: batch,
      chunkSizes: trace.plan.chunkSizes,
      weight,
      grad: { single: summed, gathered: summed, insideForward: summed },
      maxAbsDiff: { gathered: 7.5e-9, insideForward: 7.5e-9 },
      loss: { single: Math.LN2, gathered: Math.LN2, insideForward: Math.LN2 },
    },
    report: {
      step: 1,
      epoch: 0,
      rows: batch,
      loss: Math.LN2,
      wallMs: 1,
      settings: ranWith(gpus, batch),
      detail: {
        chunkRows,
        outputs: chunkRows.map((rows) => new Float32Array(rows.length * 2)),
        gathered: new Float32Array(batch * 2),
        replicaGrads,
        summedGrad: summed,
        gradient: new Float32Array(count),
        replicaParams: chunkRows.map(() => params),
        loss: Math.LN2,
        weightAfter: (params[weight] ?? 0) - 0.1 * summed,
      },
    },
  };
  return { shown, train };
}
