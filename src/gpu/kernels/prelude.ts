/**
 * What every training kernel shares: the four bindings, the step header's layout and the row
 * arithmetic of `torch.chunk`.
 *
 * All kernels bind the same four buffers, so one bind group serves a whole step:
 * - `arena`: every logical GPU's tensors (see `partition.ts`), read-write;
 * - `stepInfo`: this step's header and the batch's dataset row indices (the only per-step upload);
 * - `data` / `labels`: the data set, uploaded once at configure.
 *
 * The model's widths are baked into each kernel's source as constants, so loops have fixed bounds.
 * Everything that depends on the GPU count, the batch or the optimizer's hyperparameters is read from
 * the header instead: the step's sizes (batch, chunk size, busy replicas), the loss placement, the
 * optimizer's numbers, and the arena's layout table (every region's offset and the stride between two
 * logical GPUs' blocks, see `layoutTable.ts`). So one set of pipelines per model shape and optimizer
 * serves every GPU count and batch size: changing them compiles nothing.
 */

/** Invocations per workgroup for every kernel but the loss. */
export const WORKGROUP = 64;

/** Word offsets in the step buffer (u32 words; f32 values are stored as their bits). */
export const HEADER = {
  /** Rows in this batch, B. */
  batch: 0,
  /** `ceil(B / N)`: every chunk's size but the last. */
  chunk: 1,
  /** Busy replicas k (the chunk count). */
  busy: 2,
  /** 1 when each replica's chunk mean is averaged ('inside-forward'), 0 for the gathered mean. */
  insideForward: 3,
  /** Adam: lr / (1 − β1ᵗ), f32 bits. */
  adamStepSize: 4,
  /** Adam: sqrt(1 − β2ᵗ), f32 bits. */
  adamSqrtCorrection2: 5,
  /** The optimizer's hyperparameters, f32 bits (see `writeOptimizerWords`). */
  lr: 6,
  momentum: 7,
  beta1: 8,
  oneMinusBeta1: 9,
  beta2: 10,
  oneMinusBeta2: 11,
  eps: 12,
  /** Where the arena's layout table starts (see `layoutTable.ts`). */
  layout: 16,
  /** Where the row indices start. */
  rows: 64,
} as const;

/** The WGSL expression reading header word `word` (a constant index: one load per invocation). */
export const headerWord = (word: number): string => `stepInfo[${u(word)}]`;

/** The WGSL expression reading header word `word` as an f32. */
export const headerFloat = (word: number): string => `bitcast<f32>(stepInfo[${u(word)}])`;

/** A WGSL unsigned integer literal. */
export const u = (value: number): string => {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`not a u32 constant: ${value}`);
  return `${value}u`;
};

/**
 * Element counts of the four bindings. They are baked into the array types because fixed-size arrays
 * let the WGSL compiler check constant indices once instead of clamping every access against a
 * runtime length, which on a software GPU costs as much as the load itself.
 */
export type BindingSizes = { arena: number; step: number; data: number; labels: number };

/** The bindings and chunk helpers, prefixed to every training kernel. */
export function prelude(sizes: BindingSizes): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> arena: array<f32, ${sizes.arena}>;
@group(0) @binding(1) var<storage, read> stepInfo: array<u32, ${sizes.step}>;
@group(0) @binding(2) var<storage, read> data: array<f32, ${sizes.data}>;
@group(0) @binding(3) var<storage, read> labels: array<u32, ${sizes.labels}>;

fn batchRows() -> u32 { return stepInfo[${HEADER.batch}]; }
fn chunkSize() -> u32 { return stepInfo[${HEADER.chunk}]; }
fn busyReplicas() -> u32 { return stepInfo[${HEADER.busy}]; }

// Rows replica r holds this step: torch.chunk gives every chunk chunkSize() rows but the last.
fn replicaRows(r: u32) -> u32 {
  let start = r * chunkSize();
  if (start >= batchRows()) { return 0u; }
  return min(chunkSize(), batchRows() - start);
}
`;
}

/** The bind group layout every training kernel (and the predictor) uses. */
export function createKernelBindGroupLayout(device: GPUDevice): GPUBindGroupLayout {
  const entry = (binding: number, type: GPUBufferBindingType): GPUBindGroupLayoutEntry => ({
    binding,
    visibility: GPUShaderStage.COMPUTE,
    buffer: { type },
  });
  return device.createBindGroupLayout({
    label: 'dataparallel kernels',
    entries: [
      entry(0, 'storage'),
      entry(1, 'read-only-storage'),
      entry(2, 'read-only-storage'),
      entry(3, 'read-only-storage'),
    ],
  });
}

/** The shape of one step, which sizes every dispatch. */
export type StepShape = { batch: number; chunk: number; busy: number };

/** Workgroups `[x, y]` for a step; y is the replica. `null` skips the dispatch this step. */
export type Grid = (shape: StepShape) => readonly [number, number] | null;

/** A generated kernel: its WGSL source and how many workgroups it needs per step. */
export type KernelSource = { label: string; code: string; grid: Grid };

/** Workgroups to cover `items` invocations. */
export const groups = (items: number): number => Math.ceil(items / WORKGROUP);
