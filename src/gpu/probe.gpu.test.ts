import { describe, expect, it } from 'vitest';
import { engineLabel, probeWebGpu } from './probe';

describe('probeWebGpu', () => {
  it('finds a working WebGPU adapter in the test browser', async () => {
    const probe = await probeWebGpu(navigator.gpu);
    expect(probe.kind).toBe('webgpu');
    expect(engineLabel(probe)).toMatch(/^WebGPU · \S/);
  });

  it('falls back to the CPU with a reason when there is no navigator.gpu', async () => {
    const probe = await probeWebGpu(undefined);
    expect(probe).toEqual({ kind: 'cpu', reason: 'this browser has no navigator.gpu' });
    expect(engineLabel(probe)).toBe('CPU (WebGPU unavailable: this browser has no navigator.gpu)');
  });

  it('falls back when no adapter is offered', async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    expect(await probeWebGpu(gpu)).toEqual({ kind: 'cpu', reason: 'no GPU adapter was offered' });
  });
});
