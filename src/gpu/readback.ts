/**
 * Copying regions of a GPU buffer to the CPU: used only when a step is asked for its loss or its
 * detail, never in the steady state.
 */
import type { BufferPool } from './bufferPool';

/** A region to copy, in floats of the source buffer. */
export type Span = { offset: number; length: number };

/** Map a MAP_READ buffer and return a copy of its bytes (the buffer is unmapped again). */
export async function mapCopy(buffer: GPUBuffer, bytes = buffer.size): Promise<ArrayBuffer> {
  await buffer.mapAsync(GPUMapMode.READ, 0, bytes);
  try {
    return buffer.getMappedRange(0, bytes).slice(0);
  } finally {
    buffer.unmap();
  }
}

/**
 * Encode copies of `spans` of `source` into a fresh staging buffer, back to back; returns the staging
 * buffer (billed to no device) and where each span starts in it, in floats.
 */
export function encodeSnapshot(
  encoder: GPUCommandEncoder,
  pool: BufferPool,
  source: GPUBuffer,
  spans: readonly Span[],
): { staging: GPUBuffer; starts: number[] } {
  const starts: number[] = [];
  let floats = 0;
  for (const span of spans) {
    starts.push(floats);
    floats += span.length;
  }
  const staging = pool.create(
    {
      label: 'snapshot',
      size: Math.max(4, floats * 4),
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    },
    'staging',
  );
  for (const [i, span] of spans.entries()) {
    if (span.length > 0)
      encoder.copyBufferToBuffer(source, span.offset * 4, staging, (starts[i] ?? 0) * 4, span.length * 4);
  }
  return { staging, starts };
}

/** Read back the spans of a snapshot once its commands are submitted; destroys the staging buffer. */
export async function readSnapshot(
  pool: BufferPool,
  snapshot: { staging: GPUBuffer; starts: number[] },
  spans: readonly Span[],
): Promise<Float32Array[]> {
  try {
    const all = new Float32Array(await mapCopy(snapshot.staging));
    return spans.map((span, i) =>
      all.slice(snapshot.starts[i] ?? 0, (snapshot.starts[i] ?? 0) + span.length),
    );
  } finally {
    pool.destroy(snapshot.staging);
  }
}
