/**
 * The contract every compute engine (CPU reference, WebGPU) fulfils: one real `nn.DataParallel` step on
 * N logical GPUs, each holding its own replica, input chunk, activations and gradients.
 *
 * A step follows `src/dp`'s phases: scatter the batch rows with `chunkSizes`, replicate GPU 0's
 * parameters onto the other busy GPUs, forward per replica, gather the outputs on GPU 0 in chunk order,
 * the loss on GPU 0, backward (output-gradient slices back to each replica, then backward per replica),
 * reduce-add (sum — never average — every replica's gradient onto GPU 0), optimizer step on GPU 0 only.
 */
import type { DdpPhase } from '../dp/ddpPlan';
import type { Phase } from '../dp/phase';
import type { ModelSpec, OptimizerSpec } from '../nn/spec';

/** A labelled data set held by the engine for the whole run (uploaded once). */
export type Dataset = {
  /** Row-major features, `count × features`. */
  x: Float32Array;
  /** Class of each row, 0..classes−1. */
  y: Uint32Array;
  count: number;
  features: number;
  classes: number;
};

/**
 * How the model is wrapped: `dp` = `nn.DataParallel` (one process, GPU 0 scatters, gathers and steps);
 * `ddp` = `DistributedDataParallel` (one rank per logical GPU, gradients averaged by a ring all-reduce,
 * every rank steps its own optimizer). See {@link DdpStepDetail} for DDP's step semantics.
 */
export type ParallelMode = 'dp' | 'ddp';

export type EngineConfig = {
  /** Logical GPUs, 1..8 (in DDP: ranks, one per logical GPU). */
  gpus: number;
  /** `dp` when absent. */
  mode?: ParallelMode;
  model: ModelSpec;
  optimizer: OptimizerSpec;
  /** Seeds the initial weights; the same seed gives the same weights on every engine. */
  seed: number;
  /** The training rows; a step names rows of it by index. */
  dataset: Dataset;
  /** Largest batch a step will use (sizes the per-GPU buffers). */
  maxBatch: number;
};

/**
 * Where the loss is computed: `gathered` (PyTorch's usual way: one mean loss over the gathered batch
 * on GPU 0) or `inside-forward` (each replica returns the mean loss of its own chunk and the per-replica
 * losses are averaged — the pitfall that weighs a small last chunk's samples more).
 */
export type LossPlacement = 'gathered' | 'inside-forward';

export type StepRequest = {
  /** Dataset row indices of this batch, in batch order (1..maxBatch rows). */
  rows: Uint32Array;
  /** Read the mean loss back to the CPU (forces a wait; do it every K steps, not every step). */
  readLoss: boolean;
  lossPlacement?: LossPlacement;
  /** Ask for the real per-replica values a view needs; `weight` picks a parameter index to follow. */
  detail?: { weight: number };
  /** Apply the optimizer step (false: compute gradients only, e.g. for comparisons). */
  update?: boolean;
};

/**
 * What one DistributedDataParallel step really did, for the views (present only in `ddp` mode).
 *
 * Semantics every engine follows:
 * - N ranks = `config.gpus`, one per logical GPU, each with its own parameters, gradient, bucket buffer
 *   and optimizer state. Parameters (and optimizer state) are broadcast from rank 0 once, when the model
 *   is wrapped (`configure` in `ddp` mode, `setMode('ddp')`, `writeParams`), never per step.
 * - Rank i takes chunk i of the same global batch by `chunkSizes(B, N)` (torch.chunk), so DP and DDP see
 *   the same samples; it runs forward and backward on its own chunk with that chunk's MEAN loss.
 * - Idle ranks (`chunkSizes` gives fewer than N chunks when B is small): the rank joins the all-reduce
 *   with a zero gradient, as `DistributedDataParallel.join()` shadows the collective for a rank out of
 *   data, and the sum is still ÷ N (`divide_by_initial_world_size=True`, join's default). Real training
 *   avoids idle and uneven ranks with `DistributedSampler`, which pads so every rank gets
 *   ceil(len/N) samples.
 * - Gradients are copied into flat buckets in PyTorch's order (parameters in reverse registration
 *   order — last layer first, bias before weight — the first bucket capped at 1 MiB, the rest at
 *   25 MiB; this page's models always fit one bucket), each rank divides its bucket by N first (as
 *   PyTorch's default all-reduce hook does), then a ring all-reduce sums them: `src/dp/ring.ts`'s
 *   schedule, N−1 reduce-scatter rounds (receive a segment, add) then N−1 all-gather rounds (receive a
 *   segment, copy) — 2(N−1) rounds of real copies between the ranks' own buffers. The result is copied
 *   back to every rank's `.grad`, and every rank runs its own optimizer step.
 * - With equal chunks this equals DP's full-batch gradient; with unequal chunks a sample of rank i
 *   weighs 1/(N·nᵢ) instead of 1/B.
 */
export type DdpStepDetail = {
  /** N, the world size. */
  ranks: number;
  /** Rows of each rank's chunk, by rank (0 for an idle rank). */
  chunkSizes: number[];
  /** Each rank's mean loss over its own chunk, by rank (null for an idle rank). */
  rankLosses: (number | null)[];
  /** Each rank's own gradient of the followed weight before the all-reduce (its chunk's mean loss; 0 idle). */
  localGrads: number[];
  /** Buckets the gradients were all-reduced in (1 for every model this page trains). */
  buckets: number;
  /** Which bucket holds the followed weight, and its position inside that bucket's flat buffer. */
  followedBucket: { index: number; offset: number; length: number };
  /** The ring segment (0..N−1) of the bucket that holds the followed weight. */
  followedSegment: number;
  /**
   * `ringValues[t][rank]`: the followed weight's entry in rank's bucket buffer after ring round t
   * (0..2(N−1)−1; first the N−1 reduce-scatter rounds, then the N−1 all-gather rounds). Entry values
   * already include the ÷ N. Empty for N = 1.
   */
  ringValues: number[][];
  /** The followed weight's entry in each rank's bucket before round 0 (local gradient ÷ N). */
  ringStart: number[];
  /** Each rank's gradient of the followed weight after the all-reduce (all equal, the average). */
  averagedGrads: number[];
  /** The followed weight's full-batch gradient, Σᵢ (nᵢ/B)·gᵢ — what DP's reduce-add gives. */
  fullBatchGrad: number;
  /** Largest |averaged − full-batch| over every parameter (0 up to rounding when chunks are equal). */
  largestDifferenceFromFullBatch: number;
  /** Whether every rank's parameters are bit-identical after the optimizer step. */
  ranksIdentical: boolean;
  /** Largest |rank r's parameter − rank 0's| after the step, over ranks and parameters. */
  largestRankSpread: number;
};

export type StepDetail = {
  /** Dataset rows each busy GPU (DDP: rank) received, in device order. */
  chunkRows: number[][];
  /** Each replica's outputs (logits), `rows × classes`, read from that GPU's own buffers. */
  outputs: Float32Array[];
  /** The gathered outputs on GPU 0, in batch order. */
  gathered: Float32Array;
  /** Each replica's gradient of the followed weight, before reduce-add (DDP: each busy rank's local one). */
  replicaGrads: number[];
  /** GPU 0's gradient of the followed weight after reduce-add (DDP: rank 0's averaged gradient). */
  summedGrad: number;
  /** GPU 0's whole gradient after reduce-add (DDP: rank 0's averaged gradient), flat parameter layout. */
  gradient: Float32Array;
  /** Each busy replica's parameters right after replicate (DDP: each busy rank's at the step's start). */
  replicaParams: Float32Array[];
  /**
   * The mean loss of the batch as placed by `lossPlacement` (DDP: the mean of the busy ranks' chunk
   * losses, what `all_reduce(loss) / N` gives when every rank has data; `lossPlacement` is ignored).
   */
  loss: number;
  /** DDP mode only: the ranks, the ring and the averaged gradient. */
  ddp?: DdpStepDetail;
  /** GPU 0's followed weight after the optimizer step (the trainer reads it back; engines leave it out). */
  weightAfter?: number;
};

export type StepResult = {
  /** Mean loss of the batch, when `readLoss` or `detail` asked for it. */
  loss?: number;
  /**
   * Time per phase measured in this browser (timestamp queries or the CPU clock), when available; in
   * DDP mode keyed by DDP's phases (`forward`, `backward-all-reduce`, `optimizer-step`).
   */
  measuredMs?: Partial<Record<Phase | DdpPhase, number>>;
  detail?: StepDetail;
};

/**
 * An optimizer's state, in the flat parameter layout: `buffers` holds nothing for SGD, the momentum
 * buffer for momentum, Adam's first and second moments (m, v) for Adam; `t` counts the steps taken
 * (Adam's bias corrections need it).
 */
export type OptimizerState = { buffers: Float32Array[]; t: number };

/**
 * What an engine hands another so training continues exactly where it was: GPU 0's parameters (the
 * originals) and its optimizer state. Replicas are rebuilt from the originals at every step.
 */
export type EngineState = { params: Float32Array; optimizer: OptimizerState };

export type EngineStats = {
  /** Compute dispatches (GPU) or kernel calls (CPU) per step. */
  dispatchesPerStep: number;
  /** Queue submissions per step (GPU). */
  submitsPerStep: number;
  /** Bytes each logical GPU really holds, by device. */
  bytesPerDevice: number[];
  /** Live buffers (for leak tests). */
  liveBuffers: number;
  /**
   * Live buffers on this engine's GPU device for every engine sharing it (WebGPU: created minus
   * destroyed, counted by the device's context; the CPU engine has no device and leaves it out).
   */
  deviceBuffers?: number;
  /**
   * Pipelines this engine has compiled since it was created (GPU; the CPU engine compiles none). A
   * configuration whose pipelines are already in the device's cache adds 0.
   */
  pipelinesCompiled: number;
};

export type Evaluation = { loss: number; accuracy: number; predictions: Uint32Array };

export interface Engine {
  readonly kind: 'webgpu' | 'cpu';
  /** E.g. "WebGPU · swiftshader" or "CPU". */
  readonly label: string;
  /** (Re)build the logical GPUs, buffers and initial weights; frees everything from a previous config. */
  configure(config: EngineConfig): Promise<void>;
  /** Run one training step in the configured mode (DataParallel, or DDP on every rank). */
  step(request: StepRequest): Promise<StepResult>;
  /**
   * Rewrap the model without rebuilding: `ddp` broadcasts GPU 0's parameters and optimizer state to
   * every rank (DDP's construction broadcast, once); `dp` keeps rank 0's as GPU 0's originals. Training
   * continues from the same weights, so the step count carries over. A no-op for the current mode.
   */
  setMode(mode: ParallelMode): Promise<void>;
  /** GPU 0's parameters (the originals; DDP: rank 0's, which every rank equals). */
  readParams(): Promise<Float32Array>;
  /** Overwrite GPU 0's parameters (DDP: every rank's — a broadcast); reset optimizer state when `resetOptimizer`. */
  writeParams(params: Float32Array, resetOptimizer?: boolean): Promise<void>;
  /** GPU 0's parameters and optimizer state (copies; DDP: rank 0's, which every rank equals), for handing over to another engine. */
  readState(): Promise<EngineState>;
  /**
   * Continue from `state` (e.g. another engine's `readState()` of the same model and optimizer): the
   * next step is the one that engine would have taken.
   * @throws RangeError when the sizes or the buffer count do not fit this configuration.
   */
  writeState(state: EngineState): Promise<void>;
  /** Class scores for arbitrary inputs (`count × features`), softmax probabilities `count × classes`. */
  predict(x: Float32Array, count: number): Promise<Float32Array>;
  stats(): EngineStats;
  destroy(): void;
}
