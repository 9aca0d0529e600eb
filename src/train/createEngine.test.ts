import { describe, expect, it } from 'vitest';
import { createEngine, DEFAULT_FACTORIES, type EngineFactories } from './createEngine';
import type { Engine } from './engine';

const fake = (kind: Engine['kind'], label: string): Engine => ({ kind, label }) as Engine;

function factories(overrides: Partial<EngineFactories>): EngineFactories {
  return {
    webgpu: async () => fake('webgpu', 'WebGPU · test adapter'),
    cpu: async () => fake('cpu', 'CPU'),
    hasWebGpu: () => true,
    ...overrides,
  };
}

describe('createEngine', () => {
  it('takes WebGPU when it works, with no reason to give', async () => {
    const { engine, info } = await createEngine('auto', factories({}));
    expect(engine.kind).toBe('webgpu');
    expect(info).toEqual({ kind: 'webgpu', label: 'WebGPU · test adapter', reason: null });
  });

  it('falls back to the CPU and says why WebGPU is out', async () => {
    const noAdapter = factories({
      webgpu: async () => {
        throw new Error('no adapter');
      },
    });
    expect((await createEngine('auto', noAdapter)).info).toEqual({
      kind: 'cpu',
      label: 'CPU',
      reason: 'WebGPU unavailable: no adapter',
    });
    const worded = factories({
      webgpu: () => Promise.reject(new Error('WebGPU is unavailable: no GPU adapter was offered')),
    });
    expect((await createEngine('auto', worded)).info.reason).toBe(
      'WebGPU unavailable: no GPU adapter was offered',
    );
    const noApi = factories({
      hasWebGpu: () => false,
      webgpu: () => Promise.reject(new Error('must not be tried')),
    });
    expect((await createEngine('webgpu', noApi)).info.reason).toBe(
      'WebGPU unavailable: this browser has no navigator.gpu',
    );
  });

  it('uses the CPU when asked, without trying WebGPU', async () => {
    const choice = await createEngine('cpu', factories({ webgpu: () => Promise.reject(new Error('no')) }));
    expect(choice.info).toEqual({ kind: 'cpu', label: 'CPU', reason: 'CPU chosen in the settings' });
  });

  it('has real default factories: Node has no WebGPU, and the CPU engine loads', async () => {
    const choice = await createEngine('auto');
    expect(choice.info.kind).toBe('cpu');
    expect(choice.info.reason).toMatch(/^WebGPU unavailable/);
    expect(DEFAULT_FACTORIES.hasWebGpu()).toBe(false);
  });
});
