/**
 * The kernels of one DataParallel training step, in order and labelled with their phase: the whole
 * step as a list of dispatches, generated once per model shape, update rule and binding sizes. Nothing
 * here depends on the GPU count or the batch: offsets come from the header's layout table.
 */
import type { Phase } from '../dp/phase';
import { type ModelSpec, type OptimizerSpec, paramLayout } from '../nn/spec';
import { BLOCKED, type Tile } from './kernels/blocking';
import { type DenseActivation, denseForwardKernel } from './kernels/forward';
import { fuseKernels } from './kernels/fuse';
import { inputGradientKernel } from './kernels/inputGradient';
import { activationAt, layoutAt } from './kernels/layoutTable';
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

/** A kernel and the phase it belongs to. */
export type PhaseKernel = { phase: Phase; source: KernelSource };

/**
 * Every kernel of a step, in execution order. The optimizer kernel comes last, so a step that does
 * not update can simply stop before it.
 */
export function stepKernels(
  model: ModelSpec,
  optimizer: OptimizerSpec['kind'],
  sizes: BindingSizes,
  tile: Tile = BLOCKED,
): PhaseKernel[] {
  const { slots, count: paramCount } = paramLayout(model);
  const { layers, activation } = model;
  const features = layers[0] as number;
  const classes = layers[layers.length - 1] as number;
  const last = slots.length - 1;
  const stride = layoutAt('stride');
  const params = layoutAt('params');
  const kernels: PhaseKernel[] = [
    { phase: 'scatter', source: scatterKernel(features, sizes) },
    { phase: 'replicate', source: replicateKernel(paramCount, sizes) },
  ];

  for (const [l, slot] of slots.entries()) {
    const act: DenseActivation = l === last ? 'none' : activation;
    const output = l === last ? layoutAt('outputs') : activationAt(l + 1);
    kernels.push({
      phase: 'forward',
      source: denseForwardKernel(slot, act, { stride, params, input: activationAt(l), output }, sizes, tile),
    });
  }

  kernels.push({ phase: 'gather', source: gatherKernel(classes, sizes) });
  kernels.push({ phase: 'loss', source: lossKernel(classes, sizes) });
  kernels.push({ phase: 'backward', source: gatherBackwardKernel(classes, sizes) });

  // The layers' input gradients ping-pong between deltaA and deltaB, as in the CPU reference.
  let outputGrad: 'outputGrad' | 'deltaA' | 'deltaB' = 'outputGrad';
  for (let l = last; l >= 0; l--) {
    const slot = slots[l];
    if (slot === undefined) continue;
    const inputGrad: 'deltaA' | 'deltaB' = outputGrad === 'deltaA' ? 'deltaB' : 'deltaA';
    const input = activationAt(l);
    const weights = weightGradientKernel(
      slot,
      {
        stride,
        input,
        outputGrad: layoutAt(outputGrad),
        segments: layoutAt('gradSegments'),
        grad: layoutAt('grad'),
        paramCount,
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
              {
                stride,
                params,
                input,
                outputGrad: layoutAt(outputGrad),
                inputGrad: layoutAt(inputGrad),
              },
              sizes,
              tile,
            ),
          );
    kernels.push({ phase: 'backward', source });
    outputGrad = inputGrad;
  }

  kernels.push({ phase: 'backward', source: gradientFinishKernel(paramCount, sizes) });
  kernels.push({ phase: 'reduce-add', source: reduceAddKernel(paramCount, sizes) });
  kernels.push({ phase: 'optimizer-step', source: optimizerKernel(optimizer, paramCount, sizes) });
  return kernels;
}
