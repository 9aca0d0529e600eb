/**
 * The kernels of one DataParallel training step, in order and labelled with their phase: the whole
 * step as a list of dispatches, generated once per configuration.
 */
import type { Phase } from '../dp/phase';
import type { ModelSpec, OptimizerSpec } from '../nn/spec';
import { BLOCKED, type Tile } from './kernels/blocking';
import { type DenseActivation, denseForwardKernel } from './kernels/forward';
import { fuseKernels } from './kernels/fuse';
import { inputGradientKernel } from './kernels/inputGradient';
import { lossKernel } from './kernels/loss';
import { optimizerKernel } from './kernels/optimizer';
import type { BindingSizes, KernelSource } from './kernels/prelude';
import {
  gatherBackwardKernel,
  gatherKernel,
  reduceAddKernel,
  replicateKernel,
  scatterKernel,
} from './kernels/transfers';
import { gradientFinishKernel, weightGradientGroups, weightGradientKernel } from './kernels/weightGradient';
import type { ArenaLayout } from './partition';

/** A kernel and the phase it belongs to. */
export type PhaseKernel = { phase: Phase; source: KernelSource };

/**
 * Every kernel of a step, in execution order. The optimizer kernel comes last, so a step that does
 * not update can simply stop before it.
 */
export function stepKernels(
  model: ModelSpec,
  optimizer: OptimizerSpec,
  layout: ArenaLayout,
  sizes: BindingSizes,
  tile: Tile = BLOCKED,
): PhaseKernel[] {
  const { slots, local, deviceStride: stride } = layout;
  const { layers, activation } = model;
  const features = layers[0] as number;
  const classes = layers[layers.length - 1] as number;
  const last = slots.length - 1;
  const kernels: PhaseKernel[] = [
    { phase: 'scatter', source: scatterKernel(layout, features, sizes) },
    { phase: 'replicate', source: replicateKernel(layout, sizes) },
  ];

  const inputOf = (l: number): number => local.acts[l] ?? -1;
  for (const [l, slot] of slots.entries()) {
    const act: DenseActivation = l === last ? 'none' : activation;
    const output = l === last ? local.outputs : inputOf(l + 1);
    kernels.push({
      phase: 'forward',
      source: denseForwardKernel(
        slot,
        act,
        { stride, params: local.params, input: inputOf(l), output },
        sizes,
        tile,
      ),
    });
  }

  kernels.push({ phase: 'gather', source: gatherKernel(layout, classes, sizes) });
  kernels.push({ phase: 'loss', source: lossKernel(layout, classes, sizes) });
  kernels.push({ phase: 'backward', source: gatherBackwardKernel(layout, classes, sizes) });

  // The layers' input gradients ping-pong between deltaA and deltaB, as in the CPU reference.
  let outputGrad = local.outputGrad;
  for (let l = last; l >= 0; l--) {
    const slot = slots[l];
    if (slot === undefined) continue;
    const inputGrad = l === 0 ? -1 : outputGrad === local.deltaA ? local.deltaB : local.deltaA;
    const input = inputOf(l);
    const weights = weightGradientKernel(
      slot,
      {
        stride,
        input,
        outputGrad,
        segments: local.gradSegments,
        grad: local.grad,
        paramCount: layout.paramCount,
      },
      sizes,
      tile,
    );
    // The first layer has no input gradient; the others compute both, independently, in one dispatch.
    const source =
      l === 0
        ? weights
        : fuseKernels(
            `backward ${slot.in}→${slot.out}`,
            weights,
            weightGradientGroups(slot, tile),
            inputGradientKernel(
              slot,
              activation,
              { stride, params: local.params, input, outputGrad, inputGrad },
              sizes,
              tile,
            ),
          );
    kernels.push({ phase: 'backward', source });
    outputGrad = inputGrad;
  }

  kernels.push({ phase: 'backward', source: gradientFinishKernel(layout, sizes) });
  kernels.push({ phase: 'reduce-add', source: reduceAddKernel(layout, sizes) });
  kernels.push({ phase: 'optimizer-step', source: optimizerKernel(optimizer, layout, sizes) });
  return kernels;
}
