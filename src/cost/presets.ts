/**
 * Hardware presets for the timing model: real machines described by the handful of figures that decide
 * how long a DataParallel step takes — GPU arithmetic, GPU memory, the links between GPUs and between
 * machines, and the CPU-side cost of driving the GPUs from one Python process.
 *
 * Datasheet figures cite their source. Figures marked "estimate" are typical magnitudes, not
 * measurements: they set the shape of the curves (what dominates when), never a number to quote.
 */

/** A point-to-point link: bandwidth in one direction and the fixed cost of starting one transfer. */
export type Link = { name: string; bytesPerSecond: number; latencyMs: number };

/** CPU-side costs of eager PyTorch, shared by every preset (they depend on the host, not the GPU). */
export type HostOverheads = {
  /** Python + PyTorch dispatcher + CUDA launch for one eager operation, paid under the GIL. */
  pythonOpMs: number;
  /** Launching one kernel from C++ (autograd's device threads, NCCL): no Python, no GIL. */
  kernelLaunchMs: number;
  /** Starting and joining one Python thread, as `parallel_apply` does per replica on every forward. */
  threadMs: number;
  /** Python work in `replicate` to copy one module object for one replica. */
  moduleReplicateMs: number;
  /** The shortest time any kernel occupies a GPU, however little work it does. */
  minKernelMs: number;
};

export type PresetId = 'a100-nvlink' | 'v100-nvlink' | 't4-pcie';

export type HardwarePreset = {
  id: PresetId;
  label: string;
  /** GPUs in one machine: DataParallel can use at most this many. */
  gpusPerNode: number;
  gpu: {
    name: string;
    /** Peak FP32 FLOP/s without tensor cores (PyTorch leaves TF32 matmul off by default since 1.12). */
    peakFlops: number;
    /** Share of the peak a dense layer of moderate size reaches (estimate). */
    efficiency: number;
    memoryBytes: number;
    memoryBytesPerSecond: number;
  };
  /** GPU to GPU inside one machine, per GPU and direction. */
  gpuLink: Link;
  /** Machine to machine: all of one machine's network adapters together, per direction. */
  network: Link;
  host: HostOverheads;
};

/**
 * Eager PyTorch's CPU costs. Per-op figures of 5–25 µs for Python, binding, dispatcher and launch are
 * the usual range quoted for eager mode; one CUDA launch alone takes a few microseconds (NVIDIA's CUDA
 * Graphs documentation). Thread and replicate costs are estimates of CPython thread start-up and of
 * `replicate`'s per-module Python loop.
 */
export const HOST_OVERHEADS: HostOverheads = {
  pythonOpMs: 0.012,
  kernelLaunchMs: 0.005,
  threadMs: 0.06,
  moduleReplicateMs: 0.015,
  minKernelMs: 0.004,
};

const A100: HardwarePreset = {
  id: 'a100-nvlink',
  label: '8× A100 SXM4 40 GB, NVLink 3 + NVSwitch (DGX A100)',
  gpusPerNode: 8,
  gpu: {
    name: 'A100 SXM4 40 GB',
    // NVIDIA A100 datasheet: FP32 19.5 TFLOPS, 40 GB HBM2 at 1,555 GB/s.
    peakFlops: 19.5e12,
    efficiency: 0.6,
    memoryBytes: 40e9,
    memoryBytesPerSecond: 1555e9,
  },
  // NVIDIA A100 datasheet: NVLink 600 GB/s per GPU, i.e. 300 GB/s each way, all-to-all via NVSwitch.
  // Latency per transfer: estimate.
  gpuLink: { name: 'NVLink 3 (NVSwitch)', bytesPerSecond: 300e9, latencyMs: 0.008 },
  // DGX A100 datasheet: eight single-port 200 Gb/s HDR InfiniBand adapters (8 × 25 GB/s). Latency: estimate.
  network: { name: '8× 200 Gb/s HDR InfiniBand', bytesPerSecond: 200e9, latencyMs: 0.012 },
  host: HOST_OVERHEADS,
};

const V100: HardwarePreset = {
  id: 'v100-nvlink',
  label: '8× V100 SXM2 16 GB, NVLink 2 hybrid cube-mesh (DGX-1)',
  gpusPerNode: 8,
  gpu: {
    name: 'V100 SXM2 16 GB',
    // NVIDIA V100 datasheet: FP32 15.7 TFLOPS (SXM2), 16 GB HBM2 at 900 GB/s.
    peakFlops: 15.7e12,
    efficiency: 0.6,
    memoryBytes: 16e9,
    memoryBytesPerSecond: 900e9,
  },
  // NVIDIA V100 datasheet: NVLink 300 GB/s per GPU (six links), 150 GB/s each way; the cube-mesh does
  // not join every pair directly, which NCCL's rings hide for collectives. Latency: estimate.
  gpuLink: { name: 'NVLink 2 (cube-mesh)', bytesPerSecond: 150e9, latencyMs: 0.01 },
  // DGX-1 datasheet: four 100 Gb/s EDR InfiniBand ports (4 × 12.5 GB/s). Latency: estimate.
  network: { name: '4× 100 Gb/s EDR InfiniBand', bytesPerSecond: 50e9, latencyMs: 0.015 },
  host: HOST_OVERHEADS,
};

const T4: HardwarePreset = {
  id: 't4-pcie',
  label: '8× T4 16 GB on PCIe 3.0 x16 (e.g. AWS g4dn.metal)',
  gpusPerNode: 8,
  gpu: {
    name: 'T4 16 GB',
    // NVIDIA T4 datasheet: FP32 8.1 TFLOPS, 16 GB GDDR6 at 320 GB/s, PCIe 3.0 x16.
    peakFlops: 8.1e12,
    efficiency: 0.6,
    memoryBytes: 16e9,
    memoryBytesPerSecond: 320e9,
  },
  // PCIe 3.0: 8 GT/s per lane with 128b/130b encoding, 15.75 GB/s each way on x16; about 12 GB/s is
  // what copies reach in practice (estimate). No NVLink: every GPU-to-GPU byte crosses PCIe.
  gpuLink: { name: 'PCIe 3.0 x16', bytesPerSecond: 12e9, latencyMs: 0.012 },
  // AWS g4dn.metal (8× T4): 100 Gb/s networking for the instance (12.5 GB/s). Latency: estimate.
  network: { name: '100 Gb/s Ethernet', bytesPerSecond: 12.5e9, latencyMs: 0.03 },
  host: HOST_OVERHEADS,
};

/** Every preset, keyed by id. */
export const PRESETS: Readonly<Record<PresetId, HardwarePreset>> = {
  'a100-nvlink': A100,
  'v100-nvlink': V100,
  't4-pcie': T4,
};

/** The preset traces use unless told otherwise. */
export const DEFAULT_PRESET: PresetId = 'a100-nvlink';

/** Whether a string names a preset (for URL parsing). */
export function isPresetId(value: string): value is PresetId {
  return Object.hasOwn(PRESETS, value);
}
