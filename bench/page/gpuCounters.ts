/**
 * Counts GPU work as the browser sees it, whoever issues it: compute dispatches and queue submits on
 * WebGPU, draw calls on WebGL2 (TF.js's webgl backend runs every kernel as one draw).
 *
 * TF.js cannot report its own dispatches, so they are counted on the API; for our engine the same
 * count cross-checks what `stats()` claims. The wrappers are installed once, before any engine loads,
 * and only add to the counts while a window is open, so they cost one branch per call otherwise.
 */

export type GpuCounts = { dispatches: number; submits: number; draws: number };

const counts: GpuCounts = { dispatches: 0, submits: 0, draws: 0 };
let counting = false;

function countCalls(owner: string, methods: string[], key: keyof GpuCounts): void {
  const prototype: unknown = Reflect.get(Reflect.get(globalThis, owner) ?? {}, 'prototype');
  if (typeof prototype !== 'object' || prototype === null) return; // this browser lacks the API
  for (const method of methods) {
    const original: unknown = Reflect.get(prototype, method);
    if (typeof original !== 'function') continue;
    Reflect.set(prototype, method, function (this: unknown, ...args: unknown[]): unknown {
      if (counting) counts[key]++;
      return Reflect.apply(original, this, args);
    });
  }
}

export function installGpuCounters(): void {
  countCalls('GPUComputePassEncoder', ['dispatchWorkgroups', 'dispatchWorkgroupsIndirect'], 'dispatches');
  countCalls('GPUQueue', ['submit'], 'submits');
  countCalls('WebGL2RenderingContext', ['drawArrays', 'drawElements'], 'draws');
}

/** Starts a counting window; the returned function closes it and gives the counts per step. */
export function countGpuWork(): (steps: number) => GpuCounts {
  counts.dispatches = 0;
  counts.submits = 0;
  counts.draws = 0;
  counting = true;
  return (steps) => {
    counting = false;
    return {
      dispatches: counts.dispatches / steps,
      submits: counts.submits / steps,
      draws: counts.draws / steps,
    };
  };
}
