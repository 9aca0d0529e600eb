import { describe, expect, it } from 'vitest';
import {
  allReduceMs,
  COALESCE_BUFFER_BYTES,
  collectiveLink,
  computeMs,
  pipelinedCollectiveMs,
  transferMs,
} from './links';
import { PRESETS } from './presets';

const A100 = PRESETS['a100-nvlink'];
const T4 = PRESETS['t4-pcie'];

describe('timing primitives', () => {
  it('charges a copy its latency plus bytes over bandwidth, and nothing for no bytes', () => {
    const link = { name: 'test', bytesPerSecond: 1e9, latencyMs: 0.01 };
    expect(transferMs(1e6, link)).toBeCloseTo(1.01, 12);
    expect(transferMs(0, link)).toBe(0);
  });

  it('never lets a kernel finish faster than the minimum kernel time', () => {
    expect(computeMs(1, 0, 5, A100)).toBe(5 * A100.host.minKernelMs);
    const heavy = 1e12;
    expect(computeMs(heavy, 0, 1, A100)).toBeCloseTo(
      (heavy / (A100.gpu.peakFlops * A100.gpu.efficiency)) * 1000,
      9,
    );
  });

  it('pays one latency per ring hop per 10 MiB buffer in broadcast and reduce', () => {
    const link = { name: 'test', bytesPerSecond: 1e10, latencyMs: 0.01 };
    const one = pipelinedCollectiveMs(COALESCE_BUFFER_BYTES, 4, link);
    const two = pipelinedCollectiveMs(COALESCE_BUFFER_BYTES + 1, 4, link);
    expect(two - one).toBeCloseTo(3 * 0.01, 6);
    expect(pipelinedCollectiveMs(1e6, 1, link)).toBe(0);
  });

  it('lets the slower of GPU links and the network set an all-reduce’s pace', () => {
    const bytes = 100e6;
    const oneNode = allReduceMs(bytes, 8, 1, T4);
    const twoNodes = allReduceMs(bytes, 16, 2, T4);
    expect(twoNodes).toBeGreaterThan(oneNode);
    expect(allReduceMs(bytes, 1, 1, T4)).toBe(0);
    expect(collectiveLink(T4, 2).bytesPerSecond).toBe(
      Math.min(T4.gpuLink.bytesPerSecond, T4.network.bytesPerSecond),
    );
  });
});
