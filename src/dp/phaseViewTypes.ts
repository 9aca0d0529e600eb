/**
 * The vocabulary of a phase view: which tensors are on which GPU during one phase of a step, and how
 * they move. Views paint these objects and moves; they never re-derive DataParallel (or DDP) logic.
 *
 * A phase view is built by a pure function from a trace's events (DataParallel: `dpPhaseView`;
 * DistributedDataParallel adds its own function producing the same types — e.g. `ring` moves for its
 * all-reduce rounds). Every move names the trace event that drives it, so a painter registers its mark
 * under `eventId` and sets it from that event's progress in `frameAt(trace, t)`.
 */

/** What a drawn tensor is, which decides how it is drawn (a strip of rows, a weight block, a value). */
export type TensorKind =
  /** The whole input batch `x` (B × features), before the split. */
  | 'batch'
  /** One GPU's slice of the batch (rows × features). */
  | 'chunk'
  /** The model's parameters: the originals on the output device, a replica (or a DDP rank's copy) elsewhere. */
  | 'weights'
  /** One replica's outputs (rows × classes). */
  | 'outputs'
  /** The outputs gathered on the output device in chunk order (B × classes). */
  | 'gathered'
  /** A loss value (the batch's mean loss, or one replica's loss when the loss is inside forward). */
  | 'loss'
  /** The gradient of the loss with respect to one replica's outputs (backward's first stage). */
  | 'grad-slice'
  /** One replica's (or rank's) gradients, with the followed value. */
  | 'gradients'
  /** The gradients summed on the output device (reduce-add) or averaged on every rank (all-reduce). */
  | 'sum';

/**
 * Where an object is in its life during the phase:
 * - `present`: there from the phase's start (made by an earlier phase);
 * - `arrives`: appears when its `eventId` is done (a copy landing, a kernel's result);
 * - `shared`: the same storage as another object (replica 0 *is* GPU 0's originals);
 * - `fades`: in use until its `eventId` is done, then thrown away (replicas after backward).
 */
export type ObjectLife = 'present' | 'arrives' | 'shared' | 'fades';

/** One tensor drawn on a GPU, with its shape written on it. */
export type StageObject = {
  /** Stable across the phases of a step, e.g. "batch", "chunk:gpu2", "weights:gpu0", "grad:gpu1", "sum". */
  id: string;
  kind: TensorKind;
  /** The GPU holding it (its colour). */
  device: number;
  /** In PyTorch's words, e.g. "x[4:7]", "replica 2", "out[0:10]", "Σ grad". */
  name: string;
  /** Its shape, e.g. [3, 2] for 3 rows × 2 features; [] for a scalar. */
  shape: number[];
  /** Batch rows it holds, half-open, for row-shaped tensors. */
  rows?: [number, number];
  /**
   * Row ranges inside it that came from other GPUs, in order (the gathered outputs stacking up in chunk
   * order; the batch cut into chunks): each with the device it belongs to.
   */
  parts?: { device: number; rows: [number, number]; eventId: string }[];
  /** The followed number it carries (a loss, a gradient, a weight), when the engine reported it. */
  value?: number;
  /** The same number before this phase changed it (the optimizer step's old weight). */
  before?: number;
  /**
   * The number it must equal and how close it came: the reduce-add sum beside the same batch's 1-GPU
   * gradient, with the largest difference over all gradients of the step.
   */
  reference?: { label: string; value: number; maxAbsDiff?: number };
  life: ObjectLife;
  /** The event whose completion makes it arrive or fade. */
  eventId?: string;
  /** For `shared`: the object whose storage it shares. */
  sharesWith?: string;
};

/**
 * How an object travels or is made:
 * - `split`: scatter — a strip is cut and its chunks travel to their GPUs;
 * - `fan-out`: broadcast — copies of one block go out to several GPUs (replicate);
 * - `stack`: gather — rows travel to one GPU and stack in order;
 * - `merge`: reduce — values travel to one GPU and are summed into Σ;
 * - `ring`: DDP all-reduce — one rank sends a share to its ring neighbour;
 * - `compute`: kernels run on the GPU (no copy);
 * - `stay`: already in place (GPU 0's own chunk, replica 0, GPU 0's own outputs and gradients).
 */
export type MoveKind = 'split' | 'fan-out' | 'stack' | 'merge' | 'ring' | 'compute' | 'stay';

/** One arrow of the picture, driven by one trace event. */
export type StageMove = {
  /** The trace event whose progress (0..1 in `frameAt`) drives this move. */
  eventId: string;
  kind: MoveKind;
  /** The object that moves (or is produced, for `compute`). */
  objectId: string;
  from: number;
  to: number;
  /** What the arrow carries, in a few words (e.g. "x[4:7]", "weights", "g = 0.0012"). */
  label: string;
};

/** The collective a phase is, which picks its picture. */
export type Collective = 'scatter' | 'broadcast' | 'gather' | 'reduce' | 'all-reduce' | 'compute' | 'skipped';

/** Everything the stage draws for one phase. */
export type PhaseView<P extends string = string> = {
  phase: P;
  collective: Collective;
  /** Logical GPUs on the stage (idle ones included). */
  devices: number;
  /**
   * Where outputs, the loss and the summed gradients live (DataParallel's `output_device`); `null` when
   * there is none (DDP: every rank holds its own loss and the same averaged gradients).
   */
  outputDevice: number | null;
  /** GPUs with no work this step. */
  idle: number[];
  /** Objects present or arriving during the phase, in drawing order. */
  objects: StageObject[];
  moves: StageMove[];
  /** A one-line caption of the phase's key result, when there is one (e.g. "Σ = 1-GPU value ✓"). */
  result?: string;
};

/**
 * The real numbers a phase view can show, from the engine's detailed step (all optional: a view
 * without them still shows every object and move, just without values).
 */
export type PhaseValues = {
  /** The batch's mean loss. */
  loss?: number;
  /** Each busy replica's gradient of the followed weight, in device order. */
  replicaGrads?: readonly number[];
  /** The output device's gradient of the followed weight after reduce-add. */
  summedGrad?: number;
  /** The same batch's gradient of the followed weight on 1 GPU (the comparison). */
  singleGrad?: number;
  /** Largest |N-GPU − 1-GPU| over all gradients of the step. */
  maxAbsDiff?: number;
  /** The followed weight as replicate copied it (before the optimizer step). */
  weightBefore?: number;
  /** The followed weight after the optimizer step. */
  weightAfter?: number;
  /** The followed weight's name, e.g. "layers.2.weight[0]". */
  weightName?: string;
};
