/**
 * The DDP timeline's sentences, each computed from the trace beside it: when the ring runs against the
 * end of backward (with one bucket it cannot start earlier: the bucket is ready only once the first
 * layer's gradients are), and the step's length against DataParallel's on the same batch.
 */
import type { DdpTrace } from '../../src/dp/ddpTrace';
import { formatMs } from '../../src/dp/format';
import { ringRoundCount } from '../../src/dp/ring';
import type { StepTrace } from '../../src/dp/trace';

const end = (event: { modeledStartMs: number; modeledMs: number }): number =>
  event.modeledStartMs + event.modeledMs;

/** When the all-reduce starts and ends, and how much of it overlaps backward (modeled). */
export function ringAgainstBackward(trace: DdpTrace): string {
  const ring = trace.events.filter((event) => event.kind === 'all-reduce');
  const backward = trace.events.filter(
    (event) => event.phase === 'backward-all-reduce' && event.kind === 'compute',
  );
  const first = ring[0];
  if (trace.devices === 1 || first === undefined) {
    return 'One rank: the all-reduce has nobody to exchange with, so it moves nothing.';
  }
  const ringStart = Math.min(...ring.map((event) => event.modeledStartMs));
  const ringEnd = Math.max(...ring.map(end));
  const backwardEnd = Math.max(0, ...backward.map(end));
  const overlap = Math.max(0, Math.min(backwardEnd, ringEnd) - ringStart);
  const rounds = `The ring's ${ringRoundCount(trace.devices)} rounds run from ${formatMs(ringStart)} to ${formatMs(ringEnd)}`;
  const buckets = trace.plan.buckets.length;
  if (overlap > 0) {
    return `${rounds}, ${formatMs(overlap)} of them while backward is still running (it ends at ${formatMs(backwardEnd)}): each bucket starts as soon as its gradients are ready.`;
  }
  return buckets === 1
    ? `${rounds}, after backward ends at ${formatMs(backwardEnd)}: with one bucket the ring waits for the last gradients of backward (the first layer's), so nothing overlaps — a model with several buckets overlaps them.`
    : `${rounds}, after backward ends at ${formatMs(backwardEnd)}: its ${buckets} buckets are ready too late to overlap.`;
}

/** DDP's modeled step against DataParallel's on the same batch and GPUs. */
export function againstDataParallel(trace: DdpTrace, dp: StepTrace | undefined): string | null {
  if (!dp || dp.devices !== trace.devices || dp.preset !== trace.preset) return null;
  const times = `DataParallel's step on the same batch and GPUs takes ${formatMs(dp.modeledStepMs)}, DDP's ${formatMs(trace.modeledStepMs)}`;
  const ratio = dp.modeledStepMs / trace.modeledStepMs;
  if (Math.abs(ratio - 1) < 0.005) return `${times}: about the same (modeled).`;
  const [slower, factor] = ratio > 1 ? ['DataParallel', ratio] : ['DDP', 1 / ratio];
  return `${times}: ${slower} takes ${factor.toFixed(2)}× as long (modeled).`;
}
