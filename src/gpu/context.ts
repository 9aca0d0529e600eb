/**
 * One GPU device per worker for the page's life, with what every engine on it shares: the kernels'
 * bind group layout and the pipeline cache. Engines come and go (a new configuration, a sibling for
 * a comparison); the device and its compiled pipelines stay, so a configuration seen before — or any
 * GPU count or batch size of a model shape seen before — compiles nothing. Only a lost device is
 * replaced: the next `sharedGpuContext()` acquires a new one.
 */
import type { BufferCount } from './bufferPool';
import { createPipelineCache, type PipelineCache } from './compile';
import { acquireDevice, deviceLabel } from './device';
import { createKernelBindGroupLayout } from './kernels/prelude';

/** A device and what its engines share. Engines never destroy it. */
export type GpuContext = {
  readonly device: GPUDevice;
  /** The badge label, e.g. "WebGPU · google · swiftshader". */
  readonly label: string;
  readonly bindGroupLayout: GPUBindGroupLayout;
  readonly cache: PipelineCache;
  /** Buffers every engine's pool created and destroyed on this device (created − destroyed = live). */
  readonly buffers: BufferCount;
};

const byDevice = new WeakMap<GPUDevice, GpuContext>();

/** The context of `device` (made once per device, so engines given the same device share a cache). */
export function contextFor(device: GPUDevice, label = deviceLabel(device)): GpuContext {
  const known = byDevice.get(device);
  if (known !== undefined) return known;
  const bindGroupLayout = createKernelBindGroupLayout(device);
  const context: GpuContext = {
    device,
    label,
    bindGroupLayout,
    cache: createPipelineCache(device, bindGroupLayout),
    buffers: { created: 0, destroyed: 0 },
  };
  byDevice.set(device, context);
  return context;
}

let shared: Promise<GpuContext> | null = null;

/**
 * This worker's (or window's) one context, acquired on first use and kept until its device is lost;
 * after a loss the next call acquires a new device. A failed acquisition is not remembered, so a
 * later call tries again.
 * @throws Error "WebGPU is unavailable: …" when no device can be had.
 */
export function sharedGpuContext(): Promise<GpuContext> {
  if (shared !== null) return shared;
  const pending = acquireDevice().then(({ device, label }) => {
    void device.lost.then(() => {
      if (shared === pending) shared = null;
    });
    return contextFor(device, label);
  });
  shared = pending;
  pending.catch(() => {
    if (shared === pending) shared = null;
  });
  return pending;
}
