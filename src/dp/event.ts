/**
 * One event of a step trace: a piece of work on one GPU (or a copy between two), with the rows and
 * tensors it concerns, what the timing model claims it costs, and where it sits in playback.
 */
import type { Phase } from './phase';

/**
 * - `transfer`: bytes move from `peer` to `device` (a copy or one leg of an NCCL broadcast/reduce).
 * - `compute`: kernels run on `device`.
 * - `in-place`: the data is already where it must be (GPU 0's own chunk, replica 0 being the
 *   originals, GPU 0's own outputs and gradients); nothing crosses a link.
 * - `skipped`: the phase does not happen this step (the one-GPU shortcut); the event exists so every
 *   phase has something to show and narrate.
 * - `all-reduce`: DDP only — one rank's share of a bucket's all-reduce; `peer` is its ring neighbour.
 */
export type EventKind = 'transfer' | 'compute' | 'in-place' | 'skipped' | 'all-reduce';

export type TraceEvent<P extends string = Phase> = {
  /** Unique within the trace, stable across runs of the same configuration, e.g. "scatter:gpu1". */
  id: string;
  phase: P;
  kind: EventKind;
  /** The GPU (DDP: the rank) the event lands on: the receiver of a transfer. */
  device: number;
  /** The other end of a transfer: data flows from `peer` to `device`. */
  peer?: number;
  /** Batch rows concerned, half-open `[start, end)`. */
  rows?: [number, number];
  /** Tensors moved, produced or updated, in PyTorch's words (e.g. "input[4:8]", "layers.0.weight"). */
  tensors: string[];
  /** Bytes moved (transfer), produced (compute), or concerned without moving (in-place). */
  bytes: number;
  /** Floating-point operations of a compute event. */
  flops?: number;
  /** DDP all-reduce events: which gradient bucket (0 = reduced first). */
  bucket?: number;
  /** DDP ring events: the ring round, 0..2(N−1)−1 (reduce-scatter rounds first; `src/dp/ring.ts`). */
  round?: number;
  /** DDP ring events: which segment of the bucket crosses the link (`peer` → `device`). */
  segment?: number;
  /** When the event starts, in modeled milliseconds from the start of the step (timing model). */
  modeledStartMs: number;
  /** How long the timing model says the event takes on the trace's hardware preset. */
  modeledMs: number;
  /**
   * Wall time this browser measured for the whole phase the event belongs to (the engines time
   * phases, not single events). Absent until `withMeasured` merges a measurement in.
   */
  measuredMs?: number;
  /** Playback position in playback milliseconds (at 1× speed); not a claim about real time. */
  start: number;
  /** Playback length in playback milliseconds. */
  duration: number;
};

/**
 * Where a drafted event plays inside its phase's slot: phases with two stages (backward: send the
 * output-gradient slices, then backpropagate) split the slot; events launched one after another by the
 * single Python process are `staggered` by their `order`.
 */
export type Lane = {
  stage: number;
  stages: number;
  order: number;
  staggered: boolean;
  /** An explicit share of the slot, `[from, to]` in 0..1, overriding the stage split (DDP's buckets). */
  window?: [number, number];
};

/** An event before timing and playback are known, as the DP and DDP builders produce it. */
export type EventDraft<P extends string = Phase> = Omit<
  TraceEvent<P>,
  'modeledStartMs' | 'modeledMs' | 'measuredMs' | 'start' | 'duration'
> & {
  lane: Lane;
  /** Kernels launched for the event (the timing model charges launch overhead per kernel). */
  kernels: number;
};

/** Modeled placement of one event in the step. */
export type ModeledTime = { startMs: number; ms: number };
