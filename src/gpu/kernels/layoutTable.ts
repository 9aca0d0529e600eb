/**
 * The arena's layout as a small table in the step header, so no kernel bakes an offset in.
 *
 * Where each tensor sits in the arena depends on the GPU count and the largest batch (a logical GPU's
 * block holds `ceil(maxBatch / N)` rows). If kernels baked those offsets into their source, every new
 * GPU count or batch would compile a new set of pipelines — seconds on a software GPU. Instead the
 * engine writes the current layout's offsets here when it is configured, the header carries them with
 * every step, and each kernel reads the few it needs once per invocation (the same words for every
 * invocation). The kernels keep the model's widths as constants, which is what their loops need.
 */
import type { ArenaLayout } from '../partition';
import { HEADER, headerWord } from './prelude';

/** The entries of the table, in order; `acts` (one per layer input) come last. */
const ENTRIES = [
  'stride',
  'params',
  'grad',
  'outputs',
  'outputGrad',
  'deltaA',
  'deltaB',
  'gradSegments',
  'gradSum',
  'gathered',
  'targets',
  'gatheredGrad',
  'loss',
  'optimizerM',
  'optimizerV',
] as const;

/** A named entry of the layout table. */
export type LayoutEntry = (typeof ENTRIES)[number];

/** Layers whose inputs the table can place (the header's room for it, after the named entries). */
export const MAX_TABLE_LAYERS = HEADER.rows - HEADER.layout - ENTRIES.length;

/** The WGSL expression for entry `name` of the current layout (floats from the arena's start). */
export function layoutAt(name: LayoutEntry): string {
  return headerWord(HEADER.layout + ENTRIES.indexOf(name));
}

/** The WGSL expression for where layer `l`'s input sits in a logical GPU's block (`acts[0]`: the chunk). */
export function activationAt(l: number): string {
  if (!Number.isInteger(l) || l < 0 || l >= MAX_TABLE_LAYERS)
    throw new RangeError(`layer ${l} is outside the layout table (at most ${MAX_TABLE_LAYERS} layers)`);
  return headerWord(HEADER.layout + ENTRIES.length + l);
}

/**
 * Write `layout`'s table into the header words. Regions a rule does not keep (−1: SGD's momentum, for
 * instance) are written as 0; no kernel of that rule reads them.
 * @throws RangeError when the model has more layers than the table holds.
 */
export function writeLayoutTable(words: Uint32Array, layout: ArenaLayout): void {
  if (layout.slots.length > MAX_TABLE_LAYERS) {
    throw new RangeError(
      `the WebGPU engine supports at most ${MAX_TABLE_LAYERS} layers, got ${layout.slots.length}`,
    );
  }
  const { local, host } = layout;
  const values: Record<LayoutEntry, number> = {
    stride: layout.deviceStride,
    params: local.params,
    grad: local.grad,
    outputs: local.outputs,
    outputGrad: local.outputGrad,
    deltaA: local.deltaA,
    deltaB: local.deltaB,
    gradSegments: local.gradSegments,
    gradSum: host.gradSum,
    gathered: host.gathered,
    targets: host.targets,
    gatheredGrad: host.gatheredGrad,
    loss: host.loss,
    optimizerM: host.optimizerM,
    optimizerV: host.optimizerV,
  };
  for (const [i, name] of ENTRIES.entries()) words[HEADER.layout + i] = Math.max(0, values[name]);
  for (const [l, at] of local.acts.entries()) words[HEADER.layout + ENTRIES.length + l] = at;
}
