/**
 * Every buffer one configuration creates, so reconfiguring can destroy them all and the leak test can
 * count what is alive.
 */

/**
 * Who a buffer's bytes are billed to in the memory ledger: the arena is billed region by region to
 * the logical GPU that owns each region; `gpu0` buffers (the data set, the step header, timestamps,
 * prediction scratch) sit on GPU 0; `staging` buffers are CPU-readable copies, billed to no device.
 */
export type Billing = 'arena' | 'gpu0' | 'staging';

export type BufferPool = {
  create(descriptor: GPUBufferDescriptor, billing: Billing): GPUBuffer;
  destroy(buffer: GPUBuffer): void;
  /** Destroy every buffer still alive. */
  destroyAll(): void;
  /** Buffers created and not yet destroyed. */
  readonly live: number;
  /** Bytes of the live buffers billed to `billing`. */
  bytes(billing: Billing): number;
};

/**
 * Buffers created and destroyed on one device by every pool on it (`GpuContext.buffers`): created minus
 * destroyed is what the device holds for all its engines, which a soak watches for leaks.
 */
export type BufferCount = { created: number; destroyed: number };

/** A pool that creates buffers on `device`, adding them to `count` (the device's tally) when given. */
export function createBufferPool(device: GPUDevice, count?: BufferCount): BufferPool {
  const buffers = new Map<GPUBuffer, Billing>();
  const tally = count ?? { created: 0, destroyed: 0 };
  return {
    create(descriptor, billing) {
      const buffer = device.createBuffer(descriptor);
      buffers.set(buffer, billing);
      tally.created++;
      return buffer;
    },
    destroy(buffer) {
      if (!buffers.delete(buffer)) return;
      buffer.destroy();
      tally.destroyed++;
    },
    destroyAll() {
      for (const buffer of buffers.keys()) buffer.destroy();
      tally.destroyed += buffers.size;
      buffers.clear();
    },
    get live() {
      return buffers.size;
    },
    bytes(billing) {
      let total = 0;
      for (const [buffer, owner] of buffers) if (owner === billing) total += buffer.size;
      return total;
    },
  };
}
