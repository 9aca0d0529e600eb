/**
 * Compiling generated kernels into compute pipelines, with a cache keyed by source that lives as long
 * as the device (see `context.ts`): every engine on the device, and every configuration of one model
 * shape and update rule, reuses the same pipelines instead of compiling them again.
 */
import type { Phase } from '../dp/phase';
import type { Grid, KernelSource } from './kernels/prelude';

/** A compiled kernel, ready to dispatch. */
export type CompiledKernel = { phase: Phase; label: string; pipeline: GPUComputePipeline; grid: Grid };

export type PipelineCache = {
  /** The pipeline for `source`, compiled on the first request (a miss calls `onCompile`). */
  get(source: KernelSource, onCompile?: () => void): Promise<GPUComputePipeline>;
  /** Whether `source` is compiled and ready (a `get` would resolve without waiting on a compile). */
  has(source: KernelSource): boolean;
};

/**
 * Most pipelines kept; old ones are dropped first (a pipeline is not a buffer, but still memory). One
 * model shape needs about 30 (two kernel tiers, the predictor), so several shapes stay warm.
 */
const CACHE_LIMIT = 256;

/** A cache of pipelines for `device`, all with the one kernel bind group layout. */
export function createPipelineCache(device: GPUDevice, bindGroupLayout: GPUBindGroupLayout): PipelineCache {
  const layout = device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] });
  const cache = new Map<string, Promise<GPUComputePipeline>>();
  const compiled = new Set<string>();
  return {
    has: (source) => cache.has(source.code) && compiled.has(source.code),
    get(source, onCompile) {
      const hit = cache.get(source.code);
      if (hit !== undefined) {
        // Refresh its place in the eviction order.
        cache.delete(source.code);
        cache.set(source.code, hit);
        return hit;
      }
      onCompile?.();
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
      void pipeline.then(
        () => compiled.add(source.code),
        () => undefined,
      );
      cache.set(source.code, pipeline);
      if (cache.size > CACHE_LIMIT) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) {
          cache.delete(oldest);
          compiled.delete(oldest);
        }
      }
      return pipeline;
    },
  };
}

/** Compile every kernel (in parallel) into dispatch-ready form; each one compiled calls `onCompile`. */
export async function compileKernels(
  cache: PipelineCache,
  kernels: readonly { phase: Phase; source: KernelSource }[],
  onCompile?: () => void,
): Promise<CompiledKernel[]> {
  const pipelines = await Promise.all(kernels.map((kernel) => cache.get(kernel.source, onCompile)));
  return kernels.map((kernel, i) => ({
    phase: kernel.phase,
    label: kernel.source.label,
    pipeline: pipelines[i] as GPUComputePipeline,
    grid: kernel.source.grid,
  }));
}
