/**
 * Measured GPU time per phase, from timestamp queries written at the start and end of each phase's
 * compute pass.
 *
 * Chromium quantizes timestamps (to 100 µs unless its WebGPU developer features are on) so that they
 * cannot serve as a precise timer for side-channel attacks: a short phase may read 0 ms and a longer
 * one is only accurate to that step. On SwiftShader the "GPU" is the CPU, so these are CPU times.
 */
import { PHASES, type Phase } from '../dp/phase';
import type { BufferPool } from './bufferPool';

/** Bytes the resolved timestamps take: two u64 per phase. */
export const TIMESTAMP_BYTES = PHASES.length * 2 * 8;

export type PhaseTimer = {
  /** A pass descriptor that records when the pass of `phase` begins and ends. */
  pass(phase: Phase): GPUComputePassDescriptor;
  /** Resolve every query and copy the values to `staging` at `offset` (a multiple of 8). */
  resolve(encoder: GPUCommandEncoder, staging: GPUBuffer, offset: number): void;
  destroy(): void;
};

/** A timer, or null when the device was created without 'timestamp-query'. */
export function createPhaseTimer(device: GPUDevice, pool: BufferPool): PhaseTimer | null {
  if (!device.features.has('timestamp-query')) return null;
  const count = PHASES.length * 2;
  const querySet = device.createQuerySet({ type: 'timestamp', count });
  const resolved = pool.create(
    {
      label: 'timestamps',
      size: TIMESTAMP_BYTES,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    },
    'gpu0',
  );
  const descriptors = new Map<Phase, GPUComputePassDescriptor>(
    PHASES.map((phase, i) => [
      phase,
      {
        label: phase,
        timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 },
      },
    ]),
  );
  return {
    pass: (phase) => descriptors.get(phase) ?? { label: phase },
    resolve(encoder, staging, offset) {
      encoder.resolveQuerySet(querySet, 0, count, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, staging, offset, TIMESTAMP_BYTES);
    },
    destroy: () => querySet.destroy(),
  };
}

/** Milliseconds per phase from resolved timestamps, for the phases that ran (others are left out). */
export function phaseMilliseconds(
  values: BigUint64Array,
  ran: ReadonlySet<Phase>,
): Partial<Record<Phase, number>> {
  const ms: Partial<Record<Phase, number>> = {};
  for (const [i, phase] of PHASES.entries()) {
    if (!ran.has(phase)) continue;
    const begin = values[2 * i] ?? 0n;
    const end = values[2 * i + 1] ?? 0n;
    // Quantized clocks can make a short pass end "before" it began; that is 0, not negative time.
    ms[phase] = end > begin ? Number(end - begin) / 1e6 : 0;
  }
  return ms;
}
