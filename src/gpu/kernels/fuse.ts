/**
 * Two independent matrix kernels run as ONE dispatch: the first `split` workgroups run the first
 * kernel, the rest the second (with its workgroup ids shifted back to start at 0).
 *
 * On a software GPU every dispatch has a fixed cost well above a small kernel's work, so a layer's
 * weight gradient and input gradient — which read the same output gradient and write different
 * places — share one. They stay two WGSL functions: one big function compiles far more slowly.
 */
import { MATRIX_ENTRY } from './blocking';
import type { KernelSource, StepShape } from './prelude';

/** How many workgroups the first kernel needs: in WGSL (from the step header) and in TypeScript. */
export type SplitPoint = { wgsl: string; groups: (shape: StepShape) => number };

function body(source: KernelSource): { head: string; body: string } {
  const at = source.code.indexOf(MATRIX_ENTRY);
  if (at < 0) throw new Error(`the ${source.label} kernel has no matrix entry point to fuse at`);
  return { head: source.code.slice(0, at), body: source.code.slice(at + MATRIX_ENTRY.length) };
}

/** `first` and `second` (which must share their prelude) as one kernel labelled `label`. */
export function fuseKernels(
  label: string,
  first: KernelSource,
  split: SplitPoint,
  second: KernelSource,
): KernelSource {
  const a = body(first);
  const b = body(second);
  if (a.head !== b.head) throw new Error(`${first.label} and ${second.label} do not share their bindings`);
  const code = /* wgsl */ `${a.head}
fn firstPart(wg: vec3u, lid: u32) {${a.body}

fn secondPart(wg: vec3u, lid: u32) {${b.body}

${MATRIX_ENTRY}
  let split = ${split.wgsl};
  if (wg.x < split) {
    firstPart(wg, lid);
  } else {
    secondPart(vec3u(wg.x - split, wg.y, wg.z), lid);
  }
}`;
  return {
    label,
    code,
    grid: (shape) => {
      const rest = second.grid(shape);
      return rest === null ? first.grid(shape) : [split.groups(shape) + rest[0], rest[1]];
    },
  };
}
