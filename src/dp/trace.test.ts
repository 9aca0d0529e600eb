import { describe, expect, it } from 'vitest';
import type { StepConfig } from './config';
import type { TraceEvent } from './event';
import { PHASES, type Phase } from './phase';
import { buildTrace, type StepTrace } from './trace';

function trace(gpus: number, batch: number, extra: Partial<StepConfig> = {}): StepTrace {
  const result = buildTrace({
    gpus,
    batch,
    model: { layers: [2, 16, 16, 2], activation: 'relu' },
    optimizer: 'adam',
    ...extra,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function inPhase(t: StepTrace, phase: Phase): TraceEvent[] {
  return t.events.filter((event) => event.phase === phase);
}

function transfers(
  t: StepTrace,
  phase: Phase,
): { from: number | undefined; to: number; rows?: [number, number] }[] {
  return inPhase(t, phase)
    .filter((event) => event.kind === 'transfer')
    .map((event) =>
      event.rows
        ? { from: event.peer, to: event.device, rows: event.rows }
        : { from: event.peer, to: event.device },
    );
}

describe('the events of a DataParallel step', () => {
  it('fact: phases come in PyTorch order, scatter before replicate, and events never go back', () => {
    const t = trace(3, 10);
    expect(t.phases).toEqual(PHASES);
    const order = t.events.map((event) => PHASES.indexOf(event.phase));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(t.events[0]?.phase).toBe('scatter');
    expect(PHASES.indexOf('scatter')).toBeLessThan(PHASES.indexOf('replicate'));
  });

  it('fact: scatter sends chunk i to GPU i with its rows (10 on 3: 0–3 stay, 4–7 → GPU 1, 8–9 → GPU 2)', () => {
    const t = trace(3, 10);
    expect(transfers(t, 'scatter')).toEqual([
      { from: 0, to: 1, rows: [4, 8] },
      { from: 0, to: 2, rows: [8, 10] },
    ]);
    const own = inPhase(t, 'scatter').find((event) => event.kind === 'in-place');
    expect(own?.rows).toEqual([0, 4]);
    expect(own?.tensors).toEqual(['input[0:4]']);
  });

  it('fact: replicate copies GPU 0 to the busy GPUs only, and replica 0 is the original', () => {
    const t = trace(8, 10);
    expect(transfers(t, 'replicate')).toEqual([1, 2, 3, 4].map((to) => ({ from: 0, to })));
    expect(inPhase(t, 'replicate').find((event) => event.device === 0)?.kind).toBe('in-place');
  });

  it('fact: idle GPUs get no events at all', () => {
    const t = trace(8, 10);
    for (const idle of [5, 6, 7]) {
      expect(t.events.filter((event) => event.device === idle || event.peer === idle)).toEqual([]);
    }
  });

  it('fact: one forward per replica — replica count is the chunk count, not the GPU count', () => {
    expect(inPhase(trace(8, 10), 'forward').map((event) => event.device)).toEqual([0, 1, 2, 3, 4]);
    expect(inPhase(trace(4, 3), 'forward').map((event) => event.rows)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('fact: gather brings every output to GPU 0 in chunk order', () => {
    const gather = inPhase(trace(3, 10), 'gather');
    expect(gather.every((event) => event.device === 0)).toBe(true);
    expect(gather.map((event) => event.rows)).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    expect(gather.map((event) => event.peer)).toEqual([undefined, 1, 2]);
  });

  it('fact: the loss is computed on GPU 0 over the whole gathered batch', () => {
    expect(inPhase(trace(3, 10), 'loss')).toMatchObject([{ device: 0, kind: 'compute', rows: [0, 10] }]);
  });

  it("fact: gather's backward sends output-gradient slices with the same chunk sizes, then each replica backpropagates", () => {
    const t = trace(3, 10);
    expect(transfers(t, 'backward')).toEqual([
      { from: 0, to: 1, rows: [4, 8] },
      { from: 0, to: 2, rows: [8, 10] },
    ]);
    const passes = inPhase(t, 'backward').filter((event) => event.kind === 'compute');
    expect(passes.map((event) => [event.device, event.rows])).toEqual([
      [0, [0, 4]],
      [1, [4, 8]],
      [2, [8, 10]],
    ]);
  });

  it('fact: reduce-add brings every replica’s gradients to GPU 0, full-size, one transfer per replica', () => {
    const t = trace(3, 10);
    expect(transfers(t, 'reduce-add')).toEqual([
      { from: 1, to: 0 },
      { from: 2, to: 0 },
    ]);
    for (const event of inPhase(t, 'reduce-add')) expect(event.bytes).toBe(t.plan.parameterBytes);
  });

  it('fact: the optimizer step runs on GPU 0 only, and no broadcast follows it', () => {
    for (const t of [trace(3, 10), trace(8, 10), trace(1, 32)]) {
      expect(inPhase(t, 'optimizer-step')).toMatchObject([{ device: 0, kind: 'compute' }]);
      expect(t.events[t.events.length - 1]?.phase).toBe('optimizer-step');
    }
  });

  it('fact: with one GPU there is no replicate and no gather (and no reduce-add): skipped markers instead', () => {
    const t = trace(1, 32);
    for (const phase of ['replicate', 'gather', 'reduce-add'] as const) {
      expect(inPhase(t, phase)).toMatchObject([{ kind: 'skipped', device: 0, bytes: 0, modeledMs: 0 }]);
    }
    expect(t.events.some((event) => event.kind === 'transfer')).toBe(false);
    expect(inPhase(t, 'backward').map((event) => event.kind)).toEqual(['compute']);
  });

  it('moves nothing between GPUs when the batch makes a single chunk on several GPUs', () => {
    const t = trace(4, 1);
    expect(t.events.some((event) => event.kind === 'transfer')).toBe(false);
    expect(t.events.some((event) => event.kind === 'skipped')).toBe(false);
  });

  it('scatters the targets too and gathers one loss per replica when the loss is inside forward', () => {
    const t = trace(3, 10, { lossPlacement: 'inside-forward' });
    expect(inPhase(t, 'scatter')[1]?.tensors).toEqual(['input[4:8]', 'target[4:8]']);
    expect(inPhase(t, 'gather').map((event) => event.tensors[0])).toEqual([
      'loss (replica 0)',
      'loss (replica 1)',
      'loss (replica 2)',
    ]);
    expect(inPhase(t, 'gather').every((event) => event.bytes === 4)).toBe(true);
  });

  it('gives every event a unique id, and the same ids for the same configuration', () => {
    const ids = trace(8, 10).events.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(trace(8, 10)).toEqual(trace(8, 10));
  });

  it('survives a JSON round trip unchanged', () => {
    const t = trace(3, 10);
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });

  it('names the optimizer state it updates', () => {
    const names = (optimizer: StepConfig['optimizer']): string[] =>
      inPhase(trace(2, 4, { optimizer }), 'optimizer-step')[0]?.tensors ?? [];
    expect(names('adam')).toEqual(['parameters', '.grad', 'exp_avg', 'exp_avg_sq']);
    expect(names('momentum')).toEqual(['parameters', '.grad', 'momentum_buffer']);
    expect(names('sgd')).toEqual(['parameters', '.grad']);
  });
});

describe('buildTrace options', () => {
  it('rejects an unknown preset and a bad playback length as typed errors', () => {
    const config: StepConfig = {
      gpus: 2,
      batch: 4,
      model: { layers: [2, 2], activation: 'tanh' },
      optimizer: 'sgd',
    };
    const preset = buildTrace(config, { preset: 'h100' as 't4-pcie' });
    expect(preset.ok ? undefined : preset.error.code).toBe('bad-preset');
    const playback = buildTrace(config, { playbackPhaseMs: -5 });
    expect(playback.ok ? undefined : playback.error.code).toBe('bad-option');
  });

  it('models the same step as slower on PCIe T4s than on NVLink A100s', () => {
    const config: StepConfig = {
      gpus: 4,
      batch: 4096,
      model: { layers: [784, 1024, 10], activation: 'relu' },
      optimizer: 'sgd',
    };
    const a100 = buildTrace(config, { preset: 'a100-nvlink' });
    const t4 = buildTrace(config, { preset: 't4-pcie' });
    if (!a100.ok || !t4.ok) throw new Error('trace failed');
    expect(t4.value.modeledStepMs).toBeGreaterThan(a100.value.modeledStepMs);
  });
});
