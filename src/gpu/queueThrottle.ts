/**
 * Keeping the GPU queue from growing without bound when steps read nothing back: every few unread
 * steps a fence is taken, and a step waits for the fence before last, so at most about two fences'
 * worth of steps are ever queued.
 */

/** Steps that may be queued on the GPU before a step waits for older work to finish. */
const FENCE_EVERY = 16;

export type QueueThrottle = {
  /** After submitting a step that reads nothing back: may wait for older work. */
  unread(): Promise<void>;
  /** After a readback (the queue is drained) or a reconfiguration. */
  reset(): void;
};

export function createQueueThrottle(queue: GPUQueue): QueueThrottle {
  let unfenced = 0;
  const fences: Promise<undefined>[] = [];
  return {
    async unread() {
      if (++unfenced < FENCE_EVERY) return;
      unfenced = 0;
      fences.push(queue.onSubmittedWorkDone());
      if (fences.length > 2) await fences.shift();
    },
    reset() {
      unfenced = 0;
      fences.length = 0;
    },
  };
}
