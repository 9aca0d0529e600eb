/**
 * The timing primitives: how long a kernel, a copy and a collective take on a preset. Every modeled
 * millisecond in a trace is built from these few formulas.
 */
import type { HardwarePreset, Link } from './presets';

const MS_PER_S = 1000;

/**
 * `comm.broadcast_coalesced` and `comm.reduce_add_coalesced` pack tensors into flat buffers of at most
 * this many bytes (their `buffer_size` default, 10 MiB); each buffer is one NCCL call.
 */
export const COALESCE_BUFFER_BYTES = 10 * 1024 * 1024;

/** One copy of `bytes` over `link`: a fixed start-up cost plus bytes over bandwidth; nothing for 0 bytes. */
export function transferMs(bytes: number, link: Link): number {
  if (bytes <= 0) return 0;
  return link.latencyMs + (bytes / link.bytesPerSecond) * MS_PER_S;
}

/**
 * GPU time of work that does `flops` arithmetic, streams `bytes` through memory and takes `kernels`
 * launches: arithmetic and memory traffic add up, but no kernel finishes faster than the minimum.
 */
export function computeMs(flops: number, bytes: number, kernels: number, preset: HardwarePreset): number {
  const { gpu, host } = preset;
  const busy =
    (flops / (gpu.peakFlops * gpu.efficiency)) * MS_PER_S + (bytes / gpu.memoryBytesPerSecond) * MS_PER_S;
  return Math.max(busy, kernels * host.minKernelMs);
}

/**
 * A pipelined broadcast or reduce (NCCL) of `bytes` among `devices` GPUs, packed into 10 MiB buffers:
 * each buffer pays one latency per hop of the ring, the bytes stream through at link speed once.
 */
export function pipelinedCollectiveMs(bytes: number, devices: number, link: Link): number {
  if (devices < 2 || bytes <= 0) return 0;
  const calls = Math.ceil(bytes / COALESCE_BUFFER_BYTES);
  return calls * (devices - 1) * link.latencyMs + (bytes / link.bytesPerSecond) * MS_PER_S;
}

/**
 * An all-reduce of `bytes` among `ranks` GPUs spread over `nodes` machines, as NCCL runs it: every GPU
 * sends and receives 2(W−1)/W of the buffer over its GPU link, and 2(M−1)/M of it must leave and enter
 * each of M machines through that machine's network adapters — whichever is slower sets the pace.
 * For small buffers NCCL prefers a tree, so the start-up cost grows with log₂ of the ranks.
 */
export function allReduceMs(bytes: number, ranks: number, nodes: number, preset: HardwarePreset): number {
  if (ranks < 2 || bytes <= 0) return 0;
  const { gpuLink, network } = preset;
  const withinMs = (((2 * (ranks - 1)) / ranks) * bytes * MS_PER_S) / gpuLink.bytesPerSecond;
  const acrossMs = nodes > 1 ? (((2 * (nodes - 1)) / nodes) * bytes * MS_PER_S) / network.bytesPerSecond : 0;
  const latencyMs = nodes > 1 ? Math.max(gpuLink.latencyMs, network.latencyMs) : gpuLink.latencyMs;
  return 2 * Math.ceil(Math.log2(ranks)) * latencyMs + Math.max(withinMs, acrossMs);
}

/**
 * The link a broadcast among GPUs on `nodes` machines is limited by: NVLink/PCIe inside one machine,
 * the slower of that and the network as soon as it leaves the machine.
 */
export function collectiveLink(preset: HardwarePreset, nodes: number): Link {
  if (nodes <= 1) return preset.gpuLink;
  const { gpuLink, network } = preset;
  return {
    name: `${gpuLink.name} + ${network.name}`,
    bytesPerSecond: Math.min(gpuLink.bytesPerSecond, network.bytesPerSecond),
    latencyMs: Math.max(gpuLink.latencyMs, network.latencyMs),
  };
}
