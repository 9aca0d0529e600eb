/**
 * Finds out which compute engine the page can use: a real WebGPU probe (adapter, device, and a tiny
 * compute self-test whose result is read back and checked), or the CPU with the reason WebGPU is out.
 */

export type EngineProbe = { kind: 'webgpu'; adapter: string } | { kind: 'cpu'; reason: string };

const SELF_TEST_WGSL = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> values: array<u32, 4>;
@compute @workgroup_size(4)
fn main(@builtin(local_invocation_index) i: u32) {
  values[i] = values[i] * 2u + 1u;
}`;

/** A short name for the adapter, e.g. "swiftshader" or "nvidia · ampere". */
export function adapterName(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown adapter';
  const parts = [info.vendor, info.architecture, info.device].filter((part) => part && part.length > 0);
  return parts.length > 0 ? parts.join(' · ') : info.description || 'unknown adapter';
}

async function selfTest(device: GPUDevice): Promise<boolean> {
  const input = new Uint32Array([1, 2, 3, 4]);
  const storage = device.createBuffer({
    size: input.byteLength,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  const readback = device.createBuffer({
    size: input.byteLength,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  try {
    device.queue.writeBuffer(storage, 0, input);
    const pipeline = device.createComputePipeline({
      layout: 'auto',
      compute: { module: device.createShaderModule({ code: SELF_TEST_WGSL }), entryPoint: 'main' },
    });
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [{ binding: 0, resource: { buffer: storage } }],
    });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(1);
    pass.end();
    encoder.copyBufferToBuffer(storage, 0, readback, 0, input.byteLength);
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const output = new Uint32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    return output.every((value, i) => value === (input[i] as number) * 2 + 1);
  } finally {
    storage.destroy();
    readback.destroy();
  }
}

/**
 * Probes WebGPU. Never throws: every failure becomes `{ kind: 'cpu', reason }`.
 * @param gpu `navigator.gpu` (passed in so tests can hand over a missing or broken one).
 */
export async function probeWebGpu(gpu: GPU | undefined): Promise<EngineProbe> {
  if (!gpu) return { kind: 'cpu', reason: 'this browser has no navigator.gpu' };
  let device: GPUDevice | undefined;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { kind: 'cpu', reason: 'no GPU adapter was offered' };
    device = await adapter.requestDevice();
    if (!(await selfTest(device))) return { kind: 'cpu', reason: 'the GPU self-test computed wrong values' };
    return { kind: 'webgpu', adapter: adapterName(adapter.info) };
  } catch (error) {
    return { kind: 'cpu', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    device?.destroy();
  }
}

/** The badge text for a probe result. */
export function engineLabel(probe: EngineProbe): string {
  return probe.kind === 'webgpu' ? `WebGPU · ${probe.adapter}` : `CPU (WebGPU unavailable: ${probe.reason})`;
}
