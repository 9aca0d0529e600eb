/**
 * Encoding one DataParallel step into a command encoder: every phase's dispatches, in order, with
 * every busy replica batched into each dispatch.
 *
 * In the steady state the whole step is ONE compute pass (passes cost CPU time on a software GPU).
 * When the step is read back, each phase gets its own pass, so timestamp queries can time it and
 * copies can be slotted between phases.
 */
import { chunkSizes } from '../dp/chunk';
import type { Phase } from '../dp/phase';
import type { CompiledKernel } from './compile';
import type { StepShape } from './kernels/prelude';
import type { PhaseTimer } from './timestamps';

/** The shape of a step of `batch` rows on `gpus` logical GPUs, by `torch.chunk`'s rule. */
export function stepShape(batch: number, gpus: number): StepShape {
  const sizes = chunkSizes(batch, gpus);
  return { batch, chunk: sizes[0] ?? 0, busy: batch === 0 ? 0 : sizes.length };
}

export type EncodeOptions = {
  /** Run the optimizer step (false: gradients only). */
  update: boolean;
  /** One pass per phase (for timestamps and between-phase copies) instead of one pass in all. */
  passPerPhase: boolean;
  /** Times each phase's pass; only used with `passPerPhase`. */
  timer: PhaseTimer | null;
  /** Called between passes, before `phase`'s pass begins (only with `passPerPhase`). */
  beforePhase?: (phase: Phase, encoder: GPUCommandEncoder) => void;
};

/** What was encoded: dispatch count and the phases that ran. */
export type EncodedStep = { dispatches: number; phases: Set<Phase> };

/** Encode the step's kernels for `shape` into `encoder`. */
export function encodeStep(
  encoder: GPUCommandEncoder,
  kernels: readonly CompiledKernel[],
  bindGroup: GPUBindGroup,
  shape: StepShape,
  options: EncodeOptions,
): EncodedStep {
  const phases = new Set<Phase>();
  let dispatches = 0;
  let pass: GPUComputePassEncoder | null = null;
  let passPhase: Phase | null = null;
  for (const kernel of kernels) {
    if (!options.update && kernel.phase === 'optimizer-step') continue;
    const grid = kernel.grid(shape);
    if (grid === null || grid[0] === 0 || grid[1] === 0) continue;
    if (pass === null || (options.passPerPhase && passPhase !== kernel.phase)) {
      pass?.end();
      if (options.passPerPhase) options.beforePhase?.(kernel.phase, encoder);
      pass = encoder.beginComputePass(
        options.passPerPhase && options.timer ? options.timer.pass(kernel.phase) : { label: 'step' },
      );
      pass.setBindGroup(0, bindGroup);
      passPhase = kernel.phase;
    }
    pass.setPipeline(kernel.pipeline);
    pass.dispatchWorkgroups(grid[0], grid[1]);
    phases.add(kernel.phase);
    dispatches++;
  }
  pass?.end();
  return { dispatches, phases };
}
