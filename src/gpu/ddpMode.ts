/**
 * Wrapping the model in DistributedDataParallel and unwrapping it, on the WebGPU engine's arena: the
 * construction broadcast (rank 0's parameters and optimizer state copied onto every other rank, once)
 * and moving GPU 0's optimizer state between DataParallel's place for it and rank 0's when the mode
 * changes. A buffer cannot be copied onto itself, so the copies go through a small scratch buffer.
 */
import type { OptimizerSpec } from '../nn/spec';
import { optimizerBufferCount } from '../train/engineChecks';
import type { BufferPool } from './bufferPool';
import type { ArenaLayout } from './partition';

type Move = { from: number; to: number[] };

/** Copy each move's `count` floats from its source to every target (all sources read first). */
function copyVia(device: GPUDevice, pool: BufferPool, arena: GPUBuffer, count: number, moves: Move[]): void {
  const wanted = moves.filter((move) => move.from >= 0 && move.to.some((at) => at >= 0));
  if (wanted.length === 0 || count === 0) return;
  const scratch = pool.create(
    {
      label: 'broadcast scratch',
      size: wanted.length * count * 4,
      usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    },
    'staging',
  );
  const encoder = device.createCommandEncoder({ label: 'broadcast' });
  for (const [i, move] of wanted.entries())
    encoder.copyBufferToBuffer(arena, move.from * 4, scratch, i * count * 4, count * 4);
  for (const [i, move] of wanted.entries()) {
    for (const at of move.to)
      if (at >= 0) encoder.copyBufferToBuffer(scratch, i * count * 4, arena, at * 4, count * 4);
  }
  device.queue.submit([encoder.finish()]);
  // Destroying after submit is safe: the queued copies keep the buffer alive until they ran.
  pool.destroy(scratch);
}

/** The state regions of rank `r` in a DDP layout (momentum / Adam's m and v), as the rule keeps them. */
const rankState = (layout: ArenaLayout, r: number, kind: OptimizerSpec['kind']): number[] =>
  [layout.local.rankM, layout.local.rankV]
    .slice(0, optimizerBufferCount(kind))
    .map((at) => r * layout.deviceStride + at);

/** GPU 0's state regions in DataParallel. */
const hostState = (layout: ArenaLayout, kind: OptimizerSpec['kind']): number[] =>
  [layout.host.optimizerM, layout.host.optimizerV].slice(0, optimizerBufferCount(kind));

/** DDP's construction broadcast: rank 0's parameters and optimizer state onto every other rank. */
export function broadcastFromRank0(
  device: GPUDevice,
  pool: BufferPool,
  arena: GPUBuffer,
  layout: ArenaLayout,
  kind: OptimizerSpec['kind'],
): void {
  const others = Array.from({ length: layout.gpus - 1 }, (_, i) => i + 1);
  const params = layout.local.params;
  const moves: Move[] = [{ from: params, to: others.map((r) => r * layout.deviceStride + params) }];
  for (const [i, at] of rankState(layout, 0, kind).entries())
    moves.push({ from: at, to: others.map((r) => rankState(layout, r, kind)[i] ?? -1) });
  copyVia(device, pool, arena, layout.paramCount, moves);
}

/**
 * Move the parameters and optimizer state from layout `from` to layout `to` (one of them DDP's) so
 * training continues where it was: into DDP, GPU 0's state becomes every rank's (the wrap's
 * broadcast); out of DDP, rank 0's state becomes GPU 0's.
 */
export function moveStateBetweenModes(
  device: GPUDevice,
  pool: BufferPool,
  arena: GPUBuffer,
  from: ArenaLayout,
  to: ArenaLayout,
  kind: OptimizerSpec['kind'],
): void {
  const intoDdp = to.local.bucket >= 0;
  const ranks = Array.from({ length: to.gpus }, (_, r) => r);
  const moves: Move[] = [
    {
      from: from.local.params,
      to: (intoDdp ? ranks : [0]).map((r) => r * to.deviceStride + to.local.params),
    },
  ];
  const sources = intoDdp ? hostState(from, kind) : rankState(from, 0, kind);
  for (const [i, at] of sources.entries()) {
    const targets = intoDdp
      ? ranks.map((r) => rankState(to, r, kind)[i] ?? -1)
      : [hostState(to, kind)[i] ?? -1];
    moves.push({ from: at, to: targets });
  }
  copyVia(device, pool, arena, from.paramCount, moves);
}

/**
 * GPU 0's optimizer-state regions for the rule (none, the momentum buffer, or m and v):
 * DataParallel's on GPU 0, or rank 0's in a DDP layout.
 */
export const stateRegions = (layout: ArenaLayout, kind: OptimizerSpec['kind']): number[] =>
  layout.local.bucket >= 0 ? rankState(layout, 0, kind) : hostState(layout, kind);
