/**
 * How busy each GPU is during one modeled step — the "GPU-Util" column of an nvidia-smi panel. A GPU
 * counts as busy while any of its events runs: its kernels, or a copy it sends or receives.
 */
import type { TraceEvent } from './event';

export type DeviceUtilization = {
  device: number;
  /** Modeled milliseconds with at least one event of the device running. */
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
      .map((event): [number, number] => [event.modeledStartMs, event.modeledStartMs + event.modeledMs]);
    const busyMs = unionLength(intervals);
    result.push({ device, busyMs, share: trace.modeledStepMs > 0 ? busyMs / trace.modeledStepMs : 0 });
  }
  return result;
}
