/**
 * The phases of one `nn.DataParallel` training step, in the order PyTorch runs them.
 *
 * `DataParallel.forward` scatters the inputs first and then replicates the module, so `scatter` comes
 * before `replicate`. There is no "sync after the optimizer step": the updated weights reach the other
 * GPUs at the next step's `replicate` — that is the tutorial's "broadcast".
 */
export const PHASES = [
  'scatter',
  'replicate',
  'forward',
  'gather',
  'loss',
  'backward',
  'reduce-add',
  'optimizer-step',
] as const;

export type Phase = (typeof PHASES)[number];

/** Human-readable phase names for headings and buttons. */
export const PHASE_TITLES: Record<Phase, string> = {
  scatter: 'Scatter',
  replicate: 'Replicate',
  forward: 'Forward',
  gather: 'Gather',
  loss: 'Loss',
  backward: 'Backward',
  'reduce-add': 'Reduce-add',
  'optimizer-step': 'Optimizer step',
};

/** Whether a string names a phase (for URL parsing). */
export function isPhase(value: string): value is Phase {
  return (PHASES as readonly string[]).includes(value);
}
