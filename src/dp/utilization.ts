/**
 * How busy each GPU is during one modeled step — the "GPU-Util" column of an nvidia-smi panel. Like
 * nvidia-smi, it counts only time in which the GPU itself works: its kernels, or a copy it sends or
 * receives. Host-side time inside an event (Python building replicas, threads starting, waits for the
 * GIL) is not GPU work, so an event's `modeledDevice` part counts when the timing model gives one.
 */
import type { TraceEvent } from './event';

export type DeviceUtilization = {
  device: number;
  /** Modeled milliseconds in which the device runs a kernel or a copy. */
  busyMs: number;
  /** `busyMs` over the modeled step, 0..1. */
  share: number;
};

/** What utilization needs from a trace (DataParallel and DDP traces both have it). */
export type Utilizable = { events: readonly TraceEvent<string>[]; modeledStepMs: number; devices: number };

/** Length of the union of intervals, so overlapping events are not counted twice. */
function unionLength(intervals: [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const [from, to] of sorted) {
    const start = Math.max(from, end);
    if (to > start) total += to - start;
    end = Math.max(end, to);
  }
  return total;
}

/**
 * Per-device busy share of the modeled step, for every device 0..devices−1 (idle GPUs get 0).
 * Skipped events do not count: nothing ran.
 */
export function utilization(trace: Utilizable): DeviceUtilization[] {
  const result: DeviceUtilization[] = [];
  for (let device = 0; device < trace.devices; device++) {
    const intervals = trace.events
      .filter((event) => event.kind !== 'skipped' && (event.device === device || event.peer === device))
      .map((event): [number, number] => {
        const work = event.modeledDevice ?? { startMs: event.modeledStartMs, ms: event.modeledMs };
        return [work.startMs, work.startMs + work.ms];
      });
    const busyMs = unionLength(intervals);
    result.push({ device, busyMs, share: trace.modeledStepMs > 0 ? busyMs / trace.modeledStepMs : 0 });
  }
  return result;
}
