import { describe, expect, test } from 'vitest';
import { DDP_PHASE_TITLES } from '../../dp/ddpPlan';
import { PHASE_TITLES } from '../../dp/phase';
import { SCALING_MODELS } from '../models';
import { PRESETS } from '../presets';
import { bottleneckFigure, measuredPhases } from './bottleneck';
import { firstWidthOver, MEMORY_MODEL, memoryLimitFigure, peakMemory } from './memoryLimit';
import { nodeLimitFigure } from './nodeLimit';
import { longestSpan, phaseSpans } from './phaseSpans';
import { flattenReason, scalingLimitFigure, slowerThanBefore } from './scalingLimit';

const V100 = PRESETS['v100-nvlink'];
const TINY = SCALING_MODELS.tiny;
const LARGE = SCALING_MODELS.large;

function ev(phase: string, modeledStartMs: number, modeledMs: number) {
  return {
    id: `${phase}${modeledStartMs}`,
    phase,
    kind: 'compute' as const,
    device: 0,
    tensors: [],
    bytes: 0,
    modeledStartMs,
    modeledMs,
    start: 0,
    duration: 0,
  };
}

describe('phaseSpans', () => {
  test('a phase spans from its first start to its last end; empty phases drop out', () => {
    const spans = phaseSpans([ev('a', 0, 1), ev('b', 1, 2), ev('a', 0.5, 2), ev('c', 3, 0)]);
    expect(spans).toEqual([
      { phase: 'a', startMs: 0, endMs: 2.5 },
      { phase: 'b', startMs: 1, endMs: 3 },
    ]);
    expect(longestSpan(spans)?.phase).toBe('a');
  });
});

describe('bottleneckFigure', () => {
  const figure = (gpus: number, batch: number) => {
    const result = bottleneckFigure({ gpus, batch, model: TINY.model, optimizer: 'sgd', preset: V100 });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  test('one process for DataParallel, one per GPU for DDP, with the steps the sentence quotes', () => {
    const f = figure(4, 64);
    expect(f.dp.lanes).toHaveLength(1);
    expect(f.ddp.lanes.map((lane) => lane.label)).toEqual([0, 1, 2, 3].map((r) => `Process ${r} → GPU ${r}`));
    const dpEnd = Math.max(...(f.dp.lanes[0]?.spans.map((span) => span.endMs) ?? []));
    expect(dpEnd).toBeCloseTo(f.dp.stepMs, 9);
    expect(f.dp.gpu0Bytes).toBeGreaterThan(0);
    expect(f.sentence).toContain(V100.label);
    expect(f.sentence.includes("as long as DDP's")).toBe(f.dp.stepMs > f.ddp.stepMs);
  });

  test('more GPUs lengthen the one process and the sentence follows', () => {
    const two = figure(2, 64);
    const eight = figure(8, 64);
    expect(eight.dp.stepMs).toBeGreaterThan(two.dp.stepMs);
    expect(two.sentence).not.toBe(eight.sentence);
    expect(eight.sentence).toContain('drives 8 GPUs from one process');
  });

  test('measured phases come back in step order with their titles', () => {
    expect(measuredPhases({ backward: 2, scatter: 1 }, 'dp')).toEqual([
      { phase: 'scatter', title: PHASE_TITLES.scatter, ms: 1 },
      { phase: 'backward', title: PHASE_TITLES.backward, ms: 2 },
    ]);
    expect(measuredPhases({ forward: 3, 'backward-all-reduce': 4 }, 'ddp').map((p) => p.title)).toEqual([
      DDP_PHASE_TITLES.forward,
      DDP_PHASE_TITLES['backward-all-reduce'],
    ]);
    expect(measuredPhases(undefined, 'dp')).toEqual([]);
  });
});

describe('scalingLimitFigure', () => {
  const figure = (model: typeof TINY) => {
    const result = scalingLimitFigure(
      { model: model.model, optimizer: 'sgd', batch: model.batchPerGpu },
      V100,
      8,
    );
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  test('efficiency is speed-up per GPU; DDP spans up to 8 machines', () => {
    const f = figure(TINY);
    for (const point of [...f.dp, ...f.ddp])
      expect(point.efficiency).toBeCloseTo(point.speedup / point.gpus, 12);
    expect(f.dp.map((p) => p.gpus)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(f.ddp[f.ddp.length - 1]).toMatchObject({ gpus: 64, nodes: 8 });
  });

  test('the reason is the phase that grew most from 1 to 8 GPUs', () => {
    const config = { model: TINY.model, optimizer: 'sgd' as const, batch: TINY.batchPerGpu };
    const reason = flattenReason(config, V100, 8);
    if (!reason.ok || !reason.value) throw new Error('no reason');
    const grows = reason.value.toMs - reason.value.fromMs;
    // Every other phase grew less: checked against the curve at 8 GPUs through the sentence.
    expect(grows).toBeGreaterThan(0);
    expect(figure(TINY).sentence).toContain(
      `the term that grows most is ${reason.value.title.toLowerCase()}`,
    );
  });

  test('the sentence changes with the numbers: the tiny model stops paying off, the large one keeps gaining', () => {
    const tiny = figure(TINY);
    const large = figure(LARGE);
    expect(tiny.dpStop).toBeLessThan(8);
    expect(tiny.sentence).toContain(`stops paying off after ${tiny.dpStop} GPU`);
    expect(tiny.sentence).not.toContain('still gaining');
    expect(large.dpStop).toBe(8);
    expect(large.sentence).toContain('is still gaining at 8');
    // The large model's curve dips at 2 GPUs and climbs again: the sentence must not say every GPU helps.
    const dips = large.dp.flatMap((p, i) =>
      i > 0 && p.speedup < (large.dp[i - 1]?.speedup ?? 0) ? [p.gpus] : [],
    );
    expect(slowerThanBefore(large.dp)).toEqual(dips);
    expect(dips.length).toBeGreaterThan(0);
    expect(large.sentence).toContain(`though ${dips[0]} GPUs is slower than one GPU fewer`);
    expect(large.sentence).not.toContain('every added GPU helping');
    expect(large.reason?.phase).not.toBe(tiny.reason?.phase);
  });
});

test('slowerThanBefore names each count slower than the one before it', () => {
  const curve = (speedups: number[]) =>
    speedups.map((speedup, i) => ({
      gpus: i + 1,
      nodes: 1,
      stepMs: 1,
      samplesPerStep: 1,
      samplesPerSecond: 1,
      speedup,
    }));
  expect(slowerThanBefore(curve([1, 1.5, 1.9, 2.2]))).toEqual([]);
  expect(slowerThanBefore(curve([1, 0.8, 1.1, 1.0]))).toEqual([2, 4]);
});

describe('memoryLimitFigure', () => {
  const figure = (width: number) => {
    const result = memoryLimitFigure(MEMORY_MODEL, width, V100, [1, 4, 8]);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  test('firstWidthOver finds the narrowest width over the budget', () => {
    expect(firstWidthOver((w) => w * w, 100, 1000)).toBe(11);
    expect(firstWidthOver((w) => w, 5000, 1000)).toBeUndefined();
  });

  test('the thresholds are where the ledger crosses the card, and DataParallel runs out first', () => {
    const f = figure(1024);
    const budget = V100.gpu.memoryBytes;
    if (f.dpOutAt === undefined || f.ddpOutAt === undefined) throw new Error('no threshold');
    const dpAt = (w: number) =>
      peakMemory(MEMORY_MODEL, w, 8).ok ? peakMemory(MEMORY_MODEL, w, 8) : undefined;
    const over = dpAt(f.dpOutAt);
    const under = dpAt(f.dpOutAt - 1);
    if (!over?.ok || !under?.ok) throw new Error('plan failed');
    expect(over.value.dpGpu0Bytes).toBeGreaterThan(budget);
    expect(under.value.dpGpu0Bytes).toBeLessThanOrEqual(budget);
    expect(f.dpOutAt).toBeLessThan(f.ddpOutAt);
    expect(f.sentence).toContain(
      `GPU 0 runs out at width ${f.dpOutAt} while every DDP rank still fits up to ${f.ddpOutAt - 1}`,
    );
  });

  test('the same width at 1, 4 and 8 GPUs: the sentence follows whether any count fits', () => {
    const small = figure(1024);
    expect(small.rows.map((row) => row.gpus)).toEqual([1, 4, 8]);
    expect(small.sentence).not.toContain('do not make it fit');
    const huge = figure(16384);
    expect(huge.rows.every((row) => row.dpGpu0Bytes > huge.budgetBytes)).toBe(true);
    expect(huge.sentence).toContain('more GPUs do not make it fit');
    const edge = figure(12288);
    expect(edge.rows.map((row) => row.dpGpu0Bytes > edge.budgetBytes)).toEqual([false, false, true]);
    expect(edge.sentence).toContain('more GPUs make GPU 0 fuller, not emptier');
    // GPU 0 never gets emptier as GPUs are added.
    const gpu0 = huge.rows.map((row) => row.dpGpu0Bytes);
    expect([...gpu0].sort((a, b) => a - b)).toEqual(gpu0);
  });
});

describe('nodeLimitFigure', () => {
  test('DataParallel keeps to the first machine and says why; DDP rings every rank', () => {
    const dp = nodeLimitFigure('dp', 2, 8, V100);
    expect(dp.activeRanks).toBe(8);
    expect(dp.members.filter((m) => m.active).every((m) => m.node === 0)).toBe(true);
    expect(dp.refusal).toContain(`${V100.label} has 8 GPUs; got 16`);
    expect(nodeLimitFigure('dp', 2, 4, V100).refusal).toContain('a machine of 4 GPUs has 4 GPUs; got 8');
    expect(dp.sentence).toBe('DataParallel on 2 machines of 8 GPUs: 8 of 16 GPUs take part; 8 sit idle.');
    const ddp = nodeLimitFigure('ddp', 2, 4, V100);
    expect(ddp.activeRanks).toBe(8);
    expect(ddp.members.map((m) => [m.node, m.gpu])).toContainEqual([1, 3]);
    expect(ddp.sentence).toBe(
      'DDP on 2 machines of 4 GPUs: 8 of 8 GPUs take part, all in one ring of 8 ranks.',
    );
  });
});
