/**
 * The contract every compute engine (CPU reference, WebGPU) fulfils: one real `nn.DataParallel` step on
 * N logical GPUs, each holding its own replica, input chunk, activations and gradients.
 *
 * A step follows `src/dp`'s phases: scatter the batch rows with `chunkSizes`, replicate GPU 0's
 * parameters onto the other busy GPUs, forward per replica, gather the outputs on GPU 0 in chunk order,
 * the loss on GPU 0, backward (output-gradient slices back to each replica, then backward per replica),
 * reduce-add (sum — never average — every replica's gradient onto GPU 0), optimizer step on GPU 0 only.
 */
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

export type EngineConfig = {
  /** Logical GPUs, 1..8. */
  gpus: number;
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

export type StepDetail = {
  /** Dataset rows each busy GPU received, in device order. */
  chunkRows: number[][];
  /** Each replica's outputs (logits), `rows × classes`, read from that GPU's own buffers. */
  outputs: Float32Array[];
  /** The gathered outputs on GPU 0, in batch order. */
  gathered: Float32Array;
  /** Each replica's gradient of the followed weight, before reduce-add. */
  replicaGrads: number[];
  /** GPU 0's gradient of the followed weight after reduce-add (the sum of `replicaGrads`). */
  summedGrad: number;
  /** GPU 0's whole gradient after reduce-add, flat parameter layout. */
  gradient: Float32Array;
  /** Each busy replica's parameters right after replicate (they must all equal GPU 0's). */
  replicaParams: Float32Array[];
  /** The mean loss of the batch as placed by `lossPlacement`. */
  loss: number;
  /** GPU 0's followed weight after the optimizer step (the trainer reads it back; engines leave it out). */
  weightAfter?: number;
};

export type StepResult = {
  /** Mean loss of the batch, when `readLoss` or `detail` asked for it. */
  loss?: number;
  /** Time per phase measured in this browser (timestamp queries or the CPU clock), when available. */
  measuredMs?: Partial<Record<Phase, number>>;
  detail?: StepDetail;
};

export type EngineStats = {
  /** Compute dispatches (GPU) or kernel calls (CPU) per step. */
  dispatchesPerStep: number;
  /** Queue submissions per step (GPU). */
  submitsPerStep: number;
  /** Bytes each logical GPU really holds, by device. */
  bytesPerDevice: number[];
  /** Live buffers (for leak tests). */
  liveBuffers: number;
};

export type Evaluation = { loss: number; accuracy: number; predictions: Uint32Array };

export interface Engine {
  readonly kind: 'webgpu' | 'cpu';
  /** E.g. "WebGPU · swiftshader" or "CPU". */
  readonly label: string;
  /** (Re)build the logical GPUs, buffers and initial weights; frees everything from a previous config. */
  configure(config: EngineConfig): Promise<void>;
  /** Run one DataParallel training step. */
  step(request: StepRequest): Promise<StepResult>;
  /** GPU 0's parameters (the originals). */
  readParams(): Promise<Float32Array>;
  /** Overwrite GPU 0's parameters (and reset optimizer state when `resetOptimizer`). */
  writeParams(params: Float32Array, resetOptimizer?: boolean): Promise<void>;
  /** Class scores for arbitrary inputs (`count × features`), softmax probabilities `count × classes`. */
  predict(x: Float32Array, count: number): Promise<Float32Array>;
  stats(): EngineStats;
  destroy(): void;
}
