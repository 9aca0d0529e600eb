/**
 * Compiling generated kernels into compute pipelines, with a small cache keyed by source: going back
 * to a shape seen before (moving the GPUs slider back and forth) reuses its pipelines instead of
 * compiling them again.
 */
import type { Phase } from '../dp/phase';
import type { Grid, KernelSource } from './kernels/prelude';

/** A compiled kernel, ready to dispatch. */
export type CompiledKernel = { phase: Phase; label: string; pipeline: GPUComputePipeline; grid: Grid };

export type PipelineCache = {
  get(source: KernelSource): Promise<GPUComputePipeline>;
};

/** Most pipelines kept; old ones are dropped first (a pipeline is not a buffer, but still memory). */
const CACHE_LIMIT = 96;

/** A cache of pipelines for `device`, all with the one kernel bind group layout. */
export function createPipelineCache(device: GPUDevice, bindGroupLayout: GPUBindGroupLayout): PipelineCache {
  const layout = device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] });
  const cache = new Map<string, Promise<GPUComputePipeline>>();
  return {
    get(source) {
      const hit = cache.get(source.code);
      if (hit !== undefined) {
        // Refresh its place in the eviction order.
        cache.delete(source.code);
        cache.set(source.code, hit);
        return hit;
      }
      const module = device.createShaderModule({ label: source.label, code: source.code });
      const pipeline = device
        .createComputePipelineAsync({ label: source.label, layout, compute: { module, entryPoint: 'main' } })
        .catch(async (error: unknown) => {
          cache.delete(source.code);
          const info = await module.getCompilationInfo();
          const messages = info.messages.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ');
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`the ${source.label} kernel did not compile: ${messages || reason}`);
        });
      cache.set(source.code, pipeline);
      if (cache.size > CACHE_LIMIT) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return pipeline;
    },
  };
}

/** Compile every kernel (in parallel) into dispatch-ready form. */
export async function compileKernels(
  cache: PipelineCache,
  kernels: readonly { phase: Phase; source: KernelSource }[],
): Promise<CompiledKernel[]> {
  const pipelines = await Promise.all(kernels.map((kernel) => cache.get(kernel.source)));
  return kernels.map((kernel, i) => ({
    phase: kernel.phase,
    label: kernel.source.label,
    pipeline: pipelines[i] as GPUComputePipeline,
    grid: kernel.source.grid,
  }));
}
