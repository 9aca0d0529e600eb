import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET, isPresetId, PRESETS } from './presets';

describe('hardware presets', () => {
  it('describe every machine with positive, finite figures', () => {
    for (const preset of Object.values(PRESETS)) {
      const figures = [
        preset.gpu.peakFlops,
        preset.gpu.memoryBytes,
        preset.gpu.memoryBytesPerSecond,
        preset.gpuLink.bytesPerSecond,
        preset.gpuLink.latencyMs,
        preset.network.bytesPerSecond,
        preset.host.pythonOpMs,
        preset.host.kernelLaunchMs,
      ];
      for (const figure of figures) expect(Number.isFinite(figure) && figure > 0, preset.id).toBe(true);
      expect(preset.gpu.efficiency).toBeLessThanOrEqual(1);
    }
  });

  it('order their links as the hardware does: NVLink 3 > NVLink 2 > PCIe 3.0', () => {
    expect(PRESETS['a100-nvlink'].gpuLink.bytesPerSecond).toBeGreaterThan(
      PRESETS['v100-nvlink'].gpuLink.bytesPerSecond,
    );
    expect(PRESETS['v100-nvlink'].gpuLink.bytesPerSecond).toBeGreaterThan(
      PRESETS['t4-pcie'].gpuLink.bytesPerSecond,
    );
  });

  it('are keyed by their own ids', () => {
    for (const [id, preset] of Object.entries(PRESETS)) expect(preset.id).toBe(id);
    expect(isPresetId(DEFAULT_PRESET)).toBe(true);
    expect(isPresetId('toString')).toBe(false);
  });
});
