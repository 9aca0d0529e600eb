/**
 * Limitation 4, one machine, as a figure: which ranks take part when a run is given `nodes` machines.
 * DataParallel is threads in one process, so only the first machine's GPUs can join (the plan rejects
 * more); DDP's ring takes every machine's ranks.
 */
import { planDdpStep } from '../../dp/ddpPlan';
import type { HardwarePreset } from '../presets';
import { dpScaling } from '../speedup';

export type RingMember = { rank: number; node: number; gpu: number; active: boolean };

export type NodeLimitFigure = {
  mode: 'dp' | 'ddp';
  nodes: number;
  members: RingMember[];
  activeRanks: number;
  /** Why the other machines' GPUs sit idle (the plan's own message), when they do. */
  refusal?: string;
  sentence: string;
};

/** Every GPU of `nodes` machines of `gpusPerNode`, and whether `mode` can use it. */
export function nodeLimitFigure(
  mode: 'dp' | 'ddp',
  nodes: number,
  gpusPerNode: number,
  preset: HardwarePreset,
): NodeLimitFigure {
  const model = { layers: [2, 16, 2], activation: 'relu' as const };
  const everyGpu = nodes * gpusPerNode;
  let activeRanks: number;
  let refusal: string | undefined;
  if (mode === 'ddp') {
    const plan = planDdpStep(
      { nodes, gpusPerNode, batchPerRank: 1, model, optimizer: 'sgd' },
      preset.gpusPerNode,
    );
    activeRanks = plan.ok ? plan.value.ranks : 0;
    if (!plan.ok) refusal = plan.error.message;
  } else {
    // The speed-up model holds DataParallel to one machine; its refusal is the reason shown.
    const machine =
      gpusPerNode === preset.gpusPerNode
        ? preset
        : { ...preset, gpusPerNode, label: `a machine of ${gpusPerNode} GPUs` };
    const all = dpScaling({ model, optimizer: 'sgd', batch: 1 }, machine, everyGpu);
    activeRanks = all.ok ? everyGpu : gpusPerNode;
    if (!all.ok) refusal = all.error.message;
  }
  const members = Array.from({ length: everyGpu }, (_, rank) => ({
    rank,
    node: Math.floor(rank / gpusPerNode),
    gpu: rank % gpusPerNode,
    active: rank < activeRanks,
  }));
  const idle = everyGpu - activeRanks;
  const who = mode === 'dp' ? 'DataParallel' : 'DDP';
  const sentence =
    `${who} on ${nodes} machine${nodes === 1 ? '' : 's'} of ${gpusPerNode} GPUs: ${activeRanks} of ${everyGpu} GPUs take part` +
    (mode === 'ddp' && activeRanks > 1 ? `, all in one ring of ${activeRanks} ranks` : '') +
    (idle > 0 ? `; ${idle} sit idle.` : '.');
  return { mode, nodes, members, activeRanks, ...(refusal === undefined ? {} : { refusal }), sentence };
}
