/**
 * Encoding and reading back one DistributedDataParallel step on the WebGPU engine. The steady state is
 * one compute pass; a step asked for its detail ends the pass where a view needs a value (every rank's
 * gradient before the all-reduce, the followed weight's bucket entry on every rank after each ring
 * round, the averaged gradients, the parameters after the optimizer) and copies it out.
 */
import { bucketLayouts, bucketPosition } from '../dp/ddpBuckets';
import type { DdpPhase } from '../dp/ddpPlan';
import type { ModelSpec } from '../nn/spec';
import { ddpStepDetail } from '../train/cpu/ddpStepDetail';
import type { CpuMemory } from '../train/cpu/devices';
import type { StepDetail, StepRequest } from '../train/engine';
import type { BufferPool } from './bufferPool';
import type { CompiledKernel } from './compile';
import type { StepShape } from './kernels/prelude';
import { type ArenaLayout, LOSS_PARTS } from './partition';
import { mapCopy } from './readback';

/** Copies into one staging buffer at chosen moments of a step, read back together. */
type Recorder = {
  copy(encoder: GPUCommandEncoder, offset: number, length: number): number;
  read(): Promise<(index: number) => Float32Array>;
};

function recorder(pool: BufferPool, arena: GPUBuffer, capacity: number): Recorder {
  const staging = pool.create(
    {
      label: 'ddp snapshot',
      size: Math.max(4, capacity * 4),
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    },
    'staging',
  );
  const spans: [number, number][] = [];
  let used = 0;
  return {
    copy(encoder, offset, length) {
      if (used + length > capacity) throw new Error('the DDP snapshot is too small');
      if (length > 0) encoder.copyBufferToBuffer(arena, offset * 4, staging, used * 4, length * 4);
      spans.push([used, length]);
      used += length;
      return spans.length - 1;
    },
    async read() {
      try {
        const all = new Float32Array(await mapCopy(staging));
        return (index) => {
          const [start, length] = spans[index] ?? [0, 0];
          return all.slice(start, start + length);
        };
      } finally {
        pool.destroy(staging);
      }
    },
  };
}

export type DdpStepInputs = {
  device: GPUDevice;
  pool: BufferPool;
  arena: GPUBuffer;
  bindGroup: GPUBindGroup;
  kernels: readonly CompiledKernel<DdpPhase>[];
  layout: ArenaLayout;
  shape: StepShape;
  request: StepRequest;
  model: ModelSpec;
  classes: number;
};

/** What the step's submit needs read back, if anything. */
export type DdpPending = {
  dispatches: number;
  read: (() => Promise<{ loss: number; detail?: StepDetail }>) | null;
};

/** Encode and submit one DDP step; returns how to read its loss and detail when asked for. */
export function submitDdpStep(inputs: DdpStepInputs): DdpPending {
  const { device, pool, arena, bindGroup, kernels, layout, shape, request, classes } = inputs;
  const ranks = layout.gpus;
  const update = request.update !== false;
  const weight = request.detail?.weight;
  const readsBack = request.readLoss || weight !== undefined;
  const { deviceStride: stride, local, paramCount } = layout;
  const rankAt = (r: number, at: number): number => r * stride + at;

  const encoder = device.createCommandEncoder({ label: 'ddp step' });
  let pass: GPUComputePassEncoder | null = null;
  const cut = (): void => {
    pass?.end();
    pass = null;
  };
  // Snapshot room: start params, outputs, local grads, ring values, averaged grads, params after, losses.
  const capacity = readsBack
    ? ranks * (4 * paramCount + layout.chunkCapacity * classes + LOSS_PARTS) + 2 * ranks * ranks + ranks
    : 0;
  const record = readsBack ? recorder(pool, arena, capacity) : null;
  const position = weight === undefined ? undefined : bucketPosition(bucketLayouts(inputs.model), weight);
  const rowsOf = (r: number): number => Math.min(shape.chunk, shape.batch - r * shape.chunk);
  const ringAt = (r: number): number => rankAt(r, local.bucket + (position?.offset ?? 0));
  const busy = Array.from({ length: shape.busy }, (_, r) => r);
  const all = Array.from({ length: ranks }, (_, r) => r);
  const marks = {
    startParams: [] as number[],
    local: [] as number[],
    ringStart: [] as number[],
    ring: [] as number[],
    averaged: [] as number[],
    after: [] as number[],
    outputs: [] as number[],
    losses: [] as number[],
  };

  if (weight !== undefined && record !== null) {
    marks.startParams = busy.map((r) => record.copy(encoder, rankAt(r, local.params), paramCount));
  }
  let dispatches = 0;
  for (const kernel of kernels) {
    if (!update && kernel.phase === 'optimizer-step') continue;
    const grid = kernel.grid(shape);
    if (grid === null || grid[0] === 0 || grid[1] === 0) continue;
    const snapshot = weight !== undefined && record !== null ? record : null;
    if (snapshot !== null && kernel.label === 'ddp bucket') {
      cut();
      marks.local = all.map((r) => snapshot.copy(encoder, rankAt(r, local.grad), paramCount));
    }
    if (pass === null) {
      pass = encoder.beginComputePass({ label: 'ddp step' });
      pass.setBindGroup(0, bindGroup);
    }
    pass.setPipeline(kernel.pipeline);
    pass.dispatchWorkgroups(grid[0], grid[1]);
    dispatches++;
    if (snapshot === null) continue;
    // Copies are ordered after the dispatches before them: end the pass, then copy.
    if (kernel.label === 'ddp bucket') {
      cut();
      marks.ringStart = all.map((r) => snapshot.copy(encoder, ringAt(r), 1));
    } else if (kernel.label.startsWith('ring round')) {
      cut();
      marks.ring.push(...all.map((r) => snapshot.copy(encoder, ringAt(r), 1)));
    } else if (kernel.label === 'ddp unpack') {
      cut();
      marks.averaged = all.map((r) => snapshot.copy(encoder, rankAt(r, local.grad), paramCount));
    }
  }
  cut();
  if (record !== null) {
    if (weight !== undefined) {
      marks.after = all.map((r) => record.copy(encoder, rankAt(r, local.params), paramCount));
      marks.outputs = busy.map((r) => record.copy(encoder, rankAt(r, local.outputs), classes * rowsOf(r)));
    }
    marks.losses = busy.map((r) => record.copy(encoder, rankAt(r, local.rankLoss), LOSS_PARTS));
  }
  device.queue.submit([encoder.finish()]);
  if (record === null) return { dispatches, read: null };

  return {
    dispatches,
    read: async () => {
      const part = await record.read();
      const sum = (parts: Float32Array): number => parts.reduce((a, b) => a + b, 0);
      const losses = marks.losses.map((i) => sum(part(i)));
      const loss = losses.reduce((a, b) => a + b, 0) / Math.max(1, losses.length);
      if (weight === undefined || position === undefined) return { loss };
      const sizes = busy.map(rowsOf);
      const grads = all.map((r) =>
        r < shape.busy ? part(marks.local[r] as number) : new Float32Array(paramCount),
      );
      const values: number[][] = [];
      for (let t = 0; t < 2 * (ranks - 1); t++)
        values.push(all.map((r) => part(marks.ring[t * ranks + r] as number)[0] as number));
      // `ddpStepDetail` reads each rank's index, parameters after the step, averaged `.grad` and outputs.
      const devices = all.map((r) => ({
        index: r,
        params: part(marks.after[r] as number),
        grad: part(marks.averaged[r] as number),
        outputs: r < shape.busy ? part(marks.outputs[r] as number) : new Float32Array(0),
      }));
      const detail = ddpStepDetail({
        memory: { devices } as unknown as CpuMemory,
        rows: request.rows,
        sizes,
        classes,
        followed: weight,
        losses,
        local: { grads },
        ring: { position, start: marks.ringStart.map((i) => part(i)[0] as number), values },
        averaged: part(marks.averaged[0] as number),
        startParams: marks.startParams.map((i) => part(i)),
        loss,
        buckets: 1,
      });
      return { loss, detail };
    },
  };
}
