import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../nn/spec';
import { narrateDdpEvent, narrateDdpPhase } from './ddpNarrate';
import { assignBuckets, DDP_PHASES, type DdpConfig } from './ddpPlan';
import { buildDdpTrace, type DdpTrace } from './ddpTrace';
import { frameAt, traceDuration } from './playback';

const TINY: ModelSpec = { layers: [2, 16, 16, 2], activation: 'relu' };
const LARGE: ModelSpec = { layers: [4096, 8192, 8192, 4096], activation: 'relu' };

function trace(config: Partial<DdpConfig> = {}): DdpTrace {
  const result = buildDdpTrace({
    gpusPerNode: 4,
    batchPerRank: 8,
    model: TINY,
    optimizer: 'adam',
    ...config,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('a DistributedDataParallel step', () => {
  it('has its own phases: forward, backward overlapped with all-reduce, optimizer step', () => {
    const t = trace();
    expect(t.phases).toEqual(DDP_PHASES);
    expect(new Set(t.events.map((event) => event.phase))).toEqual(new Set(DDP_PHASES));
  });

  it('fact: parameters are broadcast once at construction, not in the step', () => {
    const t = trace();
    expect(t.construction.map((event) => [event.peer, event.device])).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
    ]);
    expect(t.events.some((event) => event.kind === 'transfer')).toBe(false);
    expect(narrateDdpPhase(t, 'construction-broadcast')).toContain('once, when the model is wrapped');
  });

  it('fact: every rank runs forward, backward and its own optimizer step — no GPU is special', () => {
    const t = trace();
    for (const phase of ['forward', 'optimizer-step'] as const) {
      expect(t.events.filter((event) => event.phase === phase).map((event) => event.device)).toEqual([
        0, 1, 2, 3,
      ]);
    }
    expect(narrateDdpPhase(t, 'optimizer-step')).toContain('every rank runs Adam');
  });

  it('fact: gradients are averaged by all-reduce, labelled as NCCL’s choice of algorithm', () => {
    const t = trace();
    const reduces = t.events.filter((event) => event.kind === 'all-reduce');
    // A ring: 2(N − 1) = 6 rounds, in each every rank receives one segment from the rank before it.
    expect(reduces).toHaveLength(6 * 4);
    expect(new Set(reduces.map((event) => event.round))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    const first = reduces.filter((event) => event.round === 0);
    expect(first.map((event) => event.device)).toEqual([1, 2, 3, 0]);
    expect(first.map((event) => event.peer)).toEqual([0, 1, 2, 3]);
    expect(first.map((event) => event.segment)).toEqual([0, 1, 2, 3]);
    expect(narrateDdpPhase(t, 'backward-all-reduce')).toContain(
      'averaged across all 4 ranks by a ring all-reduce',
    );
    const event = reduces[0];
    if (!event) throw new Error('no all-reduce event');
    expect(narrateDdpEvent(event, 4)).toBe(
      'Ring round 1 of 6 (reduce-scatter): rank 1 receives segment 0 of bucket 0 (356 bytes) from rank 0 and adds it to its own.',
    );
  });

  it('fact: the all-reduce of early buckets overlaps the rest of backward for a large model', () => {
    const t = trace({ gpusPerNode: 8, batchPerRank: 64, model: LARGE });
    const backward = t.events.find(
      (event) => event.phase === 'backward-all-reduce' && event.kind === 'compute',
    );
    const first = t.events.find((event) => event.kind === 'all-reduce' && event.bucket === 0);
    if (!backward || !first) throw new Error('missing events');
    expect(first.modeledStartMs).toBeLessThan(backward.modeledStartMs + backward.modeledMs);
    expect(first.modeledStartMs).toBeGreaterThan(backward.modeledStartMs);
  });

  it('fact: DDP spans machines (2 × 8 GPUs), DataParallel cannot', () => {
    const t = trace({ nodes: 2, gpusPerNode: 8 });
    expect(t.devices).toBe(16);
    expect(narrateDdpPhase(t, 'forward')).toContain('16 processes on 2 machines');
  });

  it('plays every phase in its own slot, like a DataParallel trace', () => {
    const t = trace();
    expect(traceDuration(t)).toBe(3 * t.playbackPhaseMs);
    expect(frameAt(t, t.playbackPhaseMs * 1.5).phase).toBe('backward-all-reduce');
  });

  it('gives every rank the same memory, with nothing extra on rank 0', () => {
    const { memoryPerRank, parameterBytes } = trace().plan;
    expect(memoryPerRank.parameters).toBe(parameterBytes);
    expect(memoryPerRank['optimizer-state']).toBe(2 * parameterBytes);
    expect(memoryPerRank['gathered-outputs']).toBe(0);
  });

  it('rejects more GPUs per machine than the preset has, and other bad input, as typed errors', () => {
    const code = (config: Partial<DdpConfig>, preset?: 't4-pcie'): string | undefined => {
      const result = buildDdpTrace(
        { gpusPerNode: 4, batchPerRank: 8, model: TINY, optimizer: 'adam', ...config },
        preset ? { preset } : {},
      );
      return result.ok ? undefined : result.error.code;
    };
    expect(code({ gpusPerNode: 9 })).toBe('gpus-out-of-range');
    expect(code({ nodes: 0 })).toBe('gpus-out-of-range');
    expect(code({ batchPerRank: 0 })).toBe('batch-out-of-range');
    expect(code({ model: { layers: [3], activation: 'relu' } })).toBe('bad-model');
    expect(code({ bucketCapBytes: -1 })).toBe('bad-option');
  });
});

describe('gradient buckets', () => {
  it('fact: buckets follow gradient-ready order (last layer first), 1 MiB for the first, 25 MiB after', () => {
    const buckets = assignBuckets({ layers: [1024, 2048, 2048, 1024, 10], activation: 'relu' });
    expect(buckets.map((bucket) => bucket.tensors)).toEqual([
      ['layers.3.bias', 'layers.3.weight', 'layers.2.bias', 'layers.2.weight'],
      ['layers.1.bias', 'layers.1.weight', 'layers.0.bias', 'layers.0.weight'],
    ]);
    expect(buckets.map((bucket) => bucket.capBytes)).toEqual([1024 * 1024, 25 * 1024 * 1024]);
  });

  it('puts a small model in one bucket and closes a bucket once it reaches its cap', () => {
    expect(assignBuckets(TINY)).toHaveLength(1);
    const buckets = assignBuckets(LARGE);
    expect(buckets.map((bucket) => bucket.layers)).toEqual([[2], [1], [0]]);
    for (const bucket of buckets.slice(0, -1)) expect(bucket.bytes).toBeGreaterThanOrEqual(bucket.capBytes);
  });

  it('as the same run as DataParallel, rank i takes chunk i of the global batch; idle ranks only join the ring', () => {
    const t = trace({ gpusPerNode: 4, globalBatch: 3 });
    expect(t.plan.rowsPerRank).toEqual([1, 1, 1, 0]);
    expect(t.plan.idleRanks).toEqual([3]);
    const forward = t.events.filter((event) => event.phase === 'forward');
    expect(forward.map((event) => event.rows)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    const ring = t.events.filter((event) => event.kind === 'all-reduce');
    expect(ring.filter((event) => event.device === 3)).toHaveLength(6);
    const uneven = trace({ gpusPerNode: 3, globalBatch: 10 });
    expect(uneven.plan.rowsPerRank).toEqual([4, 4, 2]);
    expect(uneven.plan.batchPerRank).toBe(4);
  });

  it('plays the ring round by round: each round its own slice of the phase, in order', () => {
    const t = trace({ gpusPerNode: 3, globalBatch: 9 });
    const starts = [0, 1, 2, 3].map((round) =>
      Math.min(...t.events.filter((event) => event.round === round).map((event) => event.start)),
    );
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    const modeled = [0, 1, 2, 3].map(
      (round) => t.events.find((event) => event.round === round)?.modeledStartMs ?? Number.NaN,
    );
    expect([...modeled].sort((a, b) => a - b)).toEqual(modeled);
    expect(new Set(modeled).size).toBe(4);
  });
});
