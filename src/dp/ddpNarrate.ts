/**
 * Narration of a DistributedDataParallel trace, phrased to contrast with DataParallel: no scatter, no
 * replicate, no gather, no shared GIL; gradients averaged, not summed; every rank steps its optimizer.
 */
import type { DdpConstructionPhase, DdpPhase } from './ddpPlan';
import type { DdpTrace } from './ddpTrace';
import type { TraceEvent } from './event';
import { formatBytes, formatRows, plural } from './format';

const OPTIMIZER_NAMES = { sgd: 'SGD', momentum: 'SGD with momentum', adam: 'Adam' } as const;

function machines(trace: DdpTrace): string {
  const { nodes } = trace.plan;
  return nodes > 1 ? ` on ${nodes} machines` : '';
}

/** One sentence for the live region describing `phase` of a DDP step, with its real numbers. */
export function narrateDdpPhase(trace: DdpTrace, phase: DdpPhase | DdpConstructionPhase): string {
  const { plan } = trace;
  const ranks = plan.ranks;
  switch (phase) {
    case 'construction-broadcast':
      return ranks > 1
        ? `Construction: DDP broadcasts rank 0's parameters (${formatBytes(plan.parameterBytes)}) to the other ${plural(ranks - 1, 'rank')} once, when the model is wrapped, and never again while training.`
        : 'Construction: with a single rank there is nobody to broadcast the parameters to.';
    case 'forward':
      if (ranks === 1)
        return `Forward + loss: the single process runs the whole model on its ${plural(plan.batchPerRank, 'sample')} and computes its loss.`;
      return `Forward + loss: each of the ${plural(ranks, 'process', 'processes')}${machines(trace)} runs the whole model on its own ${plural(plan.batchPerRank, 'sample')} and computes its own loss — no scatter, no replicate, no gather, and no GIL shared between GPUs.`;
    case 'backward-all-reduce': {
      const buckets = plan.buckets.length;
      const average =
        ranks > 1
          ? `its gradients are averaged across all ${ranks} ranks by all-reduce (e.g. NCCL ring) in ${plural(buckets, 'bucket')} (25 MiB cap by default), each bucket starting as soon as its gradients are ready`
          : 'with one rank the all-reduce has nothing to average';
      return `Backward + all-reduce: while every rank backpropagates, ${average}.`;
    }
    case 'optimizer-step':
      return `Optimizer step: every rank runs ${OPTIMIZER_NAMES[plan.optimizer]} on its own copy with the same averaged gradients, so all ${plural(ranks, 'copy', 'copies')} stay identical without any broadcast.`;
  }
}

/** One sentence about a single event of a DDP trace. */
export function narrateDdpEvent(event: TraceEvent<DdpPhase | DdpConstructionPhase>): string {
  const rows = event.rows ? ` ${formatRows(event.rows)} of the combined batch` : '';
  switch (event.phase) {
    case 'construction-broadcast':
      return `Rank ${event.device} receives rank ${event.peer}'s parameters (${formatBytes(event.bytes)}), once, at construction.`;
    case 'forward':
      return `Rank ${event.device} runs forward and its loss on its own samples,${rows}.`;
    case 'backward-all-reduce':
      if (event.kind === 'compute') return `Rank ${event.device} backpropagates its own samples,${rows}.`;
      return `Rank ${event.device} all-reduces bucket ${event.bucket} (${formatBytes(event.bytes)} of gradients) with the other ranks, which averages it.`;
    case 'optimizer-step':
      return `Rank ${event.device} updates its own parameters with the averaged gradients.`;
  }
}
