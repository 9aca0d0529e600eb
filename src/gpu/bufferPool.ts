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

/** A pool that creates buffers on `device`. */
export function createBufferPool(device: GPUDevice): BufferPool {
  const buffers = new Map<GPUBuffer, Billing>();
  return {
    create(descriptor, billing) {
      const buffer = device.createBuffer(descriptor);
      buffers.set(buffer, billing);
      return buffer;
    },
    destroy(buffer) {
      if (buffers.delete(buffer)) buffer.destroy();
    },
    destroyAll() {
      for (const buffer of buffers.keys()) buffer.destroy();
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
