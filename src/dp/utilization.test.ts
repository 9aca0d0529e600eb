import { describe, expect, it } from 'vitest';
import { buildDdpTrace } from './ddpTrace';
import { buildTrace } from './trace';
import { utilization } from './utilization';

const MODEL = { layers: [784, 1024, 1024, 10], activation: 'relu' } as const;

describe('utilization', () => {
  it('gives idle GPUs 0 and every busy GPU a share in (0, 1]', () => {
    const result = buildTrace({
      gpus: 8,
      batch: 10,
      model: { ...MODEL, layers: [...MODEL.layers] },
      optimizer: 'sgd',
    });
    if (!result.ok) throw new Error(result.error.message);
    const shares = utilization(result.value);
    expect(shares.map((entry) => entry.device)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const entry of shares.slice(5)) expect(entry.share).toBe(0);
    for (const entry of shares.slice(0, 5)) {
      expect(entry.share).toBeGreaterThan(0);
      expect(entry.share).toBeLessThanOrEqual(1);
    }
  });

  it('shows GPU 0 as the busiest in DataParallel: it takes part in every phase', () => {
    const result = buildTrace(
      { gpus: 4, batch: 1024, model: { ...MODEL, layers: [...MODEL.layers] }, optimizer: 'adam' },
      { preset: 't4-pcie' },
    );
    if (!result.ok) throw new Error(result.error.message);
    const [gpu0, ...others] = utilization(result.value);
    for (const other of others) expect(gpu0?.share).toBeGreaterThan(other.share);
  });

  it('shows DDP ranks equally busy', () => {
    const result = buildDdpTrace({
      gpusPerNode: 4,
      batchPerRank: 256,
      model: { ...MODEL, layers: [...MODEL.layers] },
      optimizer: 'adam',
    });
    if (!result.ok) throw new Error(result.error.message);
    const shares = utilization(result.value).map((entry) => entry.share);
    expect(new Set(shares.map((share) => share.toFixed(9))).size).toBe(1);
  });

  it("counts device work only, as nvidia-smi's GPU-Util does, not the host time around it", () => {
    const result = buildTrace({
      gpus: 4,
      batch: 10,
      model: { layers: [2, 16, 16, 2], activation: 'relu' },
      optimizer: 'sgd',
    });
    if (!result.ok) throw new Error(result.error.message);
    const trace = result.value;
    const gpu1 = utilization(trace)[1];
    // The same trace, counting each event whole (thread start-up, GIL waits, Python's replicate loop).
    const whole = utilization({ ...trace, events: trace.events.map(({ modeledDevice: _, ...e }) => e) });
    expect(gpu1?.share).toBeLessThan(0.25);
    expect(whole[1]?.share).toBeGreaterThan(0.5);
    // GPU 1's busy time is exactly its kernels and copies: the union of its device-work intervals.
    const work = trace.events
      .filter((event) => event.device === 1 || event.peer === 1)
      .map((event) => event.modeledDevice ?? { startMs: event.modeledStartMs, ms: event.modeledMs });
    const total = work.reduce((sum, w) => sum + w.ms, 0);
    expect(gpu1?.busyMs).toBeCloseTo(total, 9); // GPU 1's events never overlap on the device
    // Replica 0 shares the originals' storage: building it is Python work, not GPU work.
    expect(trace.events.find((event) => event.id === 'replicate:gpu0')?.modeledDevice?.ms).toBe(0);
  });

  it("counts a DDP rank's kernels and ring rounds, not its Python calls; an idle rank only joins the ring and steps", () => {
    const result = buildDdpTrace({
      gpusPerNode: 4,
      globalBatch: 3,
      batchPerRank: 3,
      model: { layers: [2, 16, 16, 2], activation: 'relu' },
      optimizer: 'sgd',
    });
    if (!result.ok) throw new Error(result.error.message);
    const trace = result.value;
    for (const event of trace.events) {
      const work = event.modeledDevice;
      if (!work) throw new Error(`${event.id} has no device part`);
      expect(work.startMs).toBeGreaterThanOrEqual(event.modeledStartMs - 1e-9);
      expect(work.startMs + work.ms).toBeLessThanOrEqual(event.modeledStartMs + event.modeledMs + 1e-9);
    }
    const shares = utilization(trace);
    const whole = utilization({ ...trace, events: trace.events.map(({ modeledDevice: _, ...e }) => e) });
    for (const rank of [0, 1, 2, 3]) {
      expect(shares[rank]?.busyMs).toBeLessThan(whole[rank]?.busyMs ?? 0);
    }
    // Rank 3 has no rows: no forward, no backward — only its ring rounds and its optimizer step.
    const idle = trace.events.filter((event) => event.device === 3 || event.peer === 3);
    expect(new Set(idle.map((event) => event.phase))).toEqual(
      new Set(['backward-all-reduce', 'optimizer-step']),
    );
    expect(shares[3]?.share).toBeLessThan(shares[0]?.share ?? 0);
    expect(shares[3]?.share).toBeGreaterThan(0);
  });

  it('uses the device-work part of an event when the timing model gives one', () => {
    const event = {
      id: 'forward:gpu1',
      phase: 'forward',
      kind: 'compute' as const,
      device: 1,
      tensors: [],
      bytes: 0,
      modeledStartMs: 0,
      modeledMs: 8,
      modeledDevice: { startMs: 6, ms: 2 },
      start: 0,
      duration: 1,
    };
    expect(utilization({ events: [event], modeledStepMs: 10, devices: 2 })[1]).toEqual({
      device: 1,
      busyMs: 2,
      share: 0.2,
    });
  });

  it('does not count overlapping events twice', () => {
    const events = [
      { kind: 'compute' as const, device: 0, modeledStartMs: 0, modeledMs: 4 },
      { kind: 'transfer' as const, device: 0, peer: 1, modeledStartMs: 2, modeledMs: 4 },
    ].map((event, i) => ({
      ...event,
      id: `e${i}`,
      phase: 'x',
      tensors: [],
      bytes: 0,
      start: 0,
      duration: 1,
    }));
    const result = utilization({ events, modeledStepMs: 10, devices: 2 });
    expect(result).toEqual([
      { device: 0, busyMs: 6, share: 0.6 },
      { device: 1, busyMs: 4, share: 0.4 },
    ]);
  });
});
