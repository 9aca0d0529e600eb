/**
 * Getting a GPUDevice for the engine: the adapter's timestamp queries when it offers them (for
 * measured phase times), and a clear error naming the reason when WebGPU is not there.
 */
/** A short name for the adapter, e.g. "google · swiftshader" or "nvidia · ampere". */
export function adapterName(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown adapter';
  const parts = [info.vendor, info.architecture, info.device].filter((part) => part && part.length > 0);
  return parts.length > 0 ? parts.join(' · ') : info.description || 'unknown adapter';
}

/** A device and a label for the page's engine badge, e.g. "WebGPU · google · swiftshader". */
export type AcquiredDevice = { device: GPUDevice; label: string };

/** The badge label for a device (from its adapter's info, when the browser exposes it). */
export function deviceLabel(device: GPUDevice): string {
  const info = (device as { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  return `WebGPU · ${adapterName(info)}`;
}

/**
 * Request an adapter and a device from `gpu` (default: this context's `navigator.gpu`, which exists in
 * windows and workers alike; null stands for a browser without WebGPU), with 'timestamp-query' when
 * offered and the adapter's largest storage buffer sizes.
 * @throws Error "WebGPU is unavailable: …" when there is no WebGPU, no adapter, or no device.
 */
export async function acquireDevice(
  gpu: GPU | null | undefined = globalThis.navigator?.gpu,
): Promise<AcquiredDevice> {
  if (!gpu) throw new Error('WebGPU is unavailable: this browser has no navigator.gpu');
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    throw new Error(`WebGPU is unavailable: requesting an adapter failed (${String(error)})`);
  }
  if (!adapter) throw new Error('WebGPU is unavailable: no GPU adapter was offered');
  const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query')
    ? ['timestamp-query']
    : [];
  try {
    const device = await adapter.requestDevice({
      label: 'dataparallel',
      requiredFeatures,
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
    return { device, label: `WebGPU · ${adapterName(adapter.info)}` };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`WebGPU is unavailable: the adapter refused a device (${reason})`);
  }
}
