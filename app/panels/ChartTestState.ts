/**
 * Test fixtures for the panels: a real trace from `buildTrace`, wrapped in the shown step the store
 * would hold, over a small data set whose rows the step names. Only tests import this file.
 */
import { type DatasetId, defaultModel } from '../../src/data/registry';
import type { Phase } from '../../src/dp/phase';
import { buildTrace, type StepTrace } from '../../src/dp/trace';
import type { Dataset } from '../../src/train/engine';
import type { ShownStep } from '../store/runSlice';
import { ranWith } from '../testing/shownStep';
import { createTestStore } from '../testing/testStore';

/** The panel tests' store (one per test file). */
export const store = createTestStore();
const initial = store.getState();

/** Puts the store back as the page starts, so tests do not leak into each other. */
export function resetStore(): void {
  store.setState(initial, true);
}

export function traceFor(gpus: number, batch: number, dataset: DatasetId = 'spiral'): StepTrace {
  const built = buildTrace({ gpus, batch, model: defaultModel(dataset), optimizer: 'sgd' });
  if (!built.ok) throw new Error(built.error.message);
  return built.value;
}

/** A data set of `count` rows: planar points on a circle, or 8×8 images whose row r lights pixel r % 64. */
export function datasetFor(dataset: DatasetId, count: number): Dataset {
  const features = dataset === 'digits' ? 64 : 2;
  const classes = dataset === 'digits' ? 10 : 2;
  const x = new Float32Array(count * features);
  const y = new Uint32Array(count);
  for (let r = 0; r < count; r++) {
    y[r] = r % classes;
    if (features === 2) {
      x[2 * r] = Math.cos(r);
      x[2 * r + 1] = Math.sin(r);
    } else {
      x[r * 64 + (r % 64)] = 1;
    }
  }
  return { x, y, count, features, classes };
}

type ShownOptions = {
  gpus: number;
  batch: number;
  dataset?: DatasetId;
  /** Dataset rows of the batch, in batch order; 0..batch−1 when absent. */
  rows?: number[];
  /** The class every gathered row predicts; its own label when absent. */
  predict?: (batchRow: number, datasetRow: number) => number;
};

/** A shown step with a real trace and per-replica detail that follows `torch.chunk`'s split of `rows`. */
export function shownFor({ gpus, batch, dataset = 'spiral', rows, predict }: ShownOptions): ShownStep {
  const trace = traceFor(gpus, batch, dataset);
  const batchRows = rows ?? Array.from({ length: batch }, (_, i) => i);
  const classes = dataset === 'digits' ? 10 : 2;
  const chunkRows = trace.plan.chunks.map((range) => batchRows.slice(range.start, range.end));
  const gathered = new Float32Array(batch * classes);
  batchRows.forEach((row, i) => {
    const predicted = predict ? predict(i, row) : row % classes;
    gathered[i * classes + predicted] = 5;
  });
  return {
    index: 0,
    weight: 0,
    comparison: null,
    trace,
    report: {
      step: 1,
      epoch: 0,
      rows: batch,
      loss: 0.5,
      wallMs: 1,
      settings: ranWith(gpus, batch, dataset),
      detail: {
        chunkRows,
        outputs: [],
        gathered,
        replicaGrads: [],
        summedGrad: 0,
        gradient: new Float32Array(0),
        replicaParams: [],
        loss: 0.5,
      },
    },
  };
}

/** Store state for a shown step at a phase. */
export function showStep(
  shown: ShownStep,
  phase: Phase,
  extra: Partial<ReturnType<typeof store.getState>> = {},
): void {
  store.setState({
    shown,
    phase,
    gpus: shown.trace.devices,
    batch: shown.trace.plan.batch,
    runStatus: 'ready',
    ...extra,
  });
}

/**
 * A shown step that ran as DistributedDataParallel: the report says `mode: 'ddp'` (the views build the
 * DDP trace from it), with the engine's measured DDP phase times when given.
 */
export function ddpShownFor(
  gpus: number,
  batch: number,
  measuredMs?: Partial<Record<'forward' | 'backward-all-reduce' | 'optimizer-step', number>>,
): ShownStep {
  const shown = shownFor({ gpus, batch });
  const settings = { ...shown.report.settings, mode: 'ddp' as const };
  return { ...shown, report: { ...shown.report, settings, ...(measuredMs ? { measuredMs } : {}) } };
}
