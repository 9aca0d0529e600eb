import { describe, expect, it } from 'vitest';
import { acquireDevice, deviceLabel } from './device';

describe('acquireDevice', () => {
  it('gets a device from the test browser, labelled with its adapter', async () => {
    const { device, label } = await acquireDevice();
    expect(label).toMatch(/^WebGPU · \S/);
    expect(deviceLabel(device)).toMatch(/^WebGPU · \S/);
    device.destroy();
  });

  it('says why when there is no navigator.gpu', async () => {
    await expect(acquireDevice(null)).rejects.toThrow(
      'WebGPU is unavailable: this browser has no navigator.gpu',
    );
  });

  it('says why when no adapter is offered', async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    await expect(acquireDevice(gpu)).rejects.toThrow('WebGPU is unavailable: no GPU adapter was offered');
  });
});
