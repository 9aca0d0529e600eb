import { describe, expect, it } from 'vitest';
import { gpuColour, textOnGpuColour } from './palette';

describe('palette', () => {
  it('gives the eight logical GPUs eight different colours', () => {
    const colours = Array.from({ length: 8 }, (_, device) => gpuColour(device));
    expect(new Set(colours).size).toBe(8);
  });

  it('writes white on the dark blue of GPU 0 and black on the light orange of GPU 1', () => {
    expect(textOnGpuColour(0)).toBe('#fff');
    expect(textOnGpuColour(1)).toBe('#111');
    expect(textOnGpuColour(4)).toBe('#111');
  });
});
