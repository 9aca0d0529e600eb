/**
 * Narration of a DistributedDataParallel trace, phrased to contrast with DataParallel: no scatter, no
 * replicate, no gather, no shared GIL; gradients averaged, not summed; every rank steps its optimizer.
 */
import type { DdpConstructionPhase, DdpPhase } from './ddpPlan';
import type { DdpTrace } from './ddpTrace';
import type { TraceEvent } from './event';
import { formatBytes, formatRows, plural } from './format';
import { ringRoundCount } from './ring';

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
      const rounds = ringRoundCount(ranks);
      const average =
        ranks > 1
          ? `its gradients are averaged across all ${ranks} ranks by a ring all-reduce (${rounds} rounds: ${ranks - 1} to reduce-scatter, ${ranks - 1} to all-gather) in ${plural(buckets, 'bucket')} (the first capped at 1 MiB, later ones at 25 MiB), each bucket starting as soon as its gradients are ready`
          : 'with one rank the all-reduce has nothing to average';
      return `Backward + all-reduce: while every rank backpropagates, ${average}.`;
    }
    case 'optimizer-step':
      return `Optimizer step: every rank runs ${OPTIMIZER_NAMES[plan.optimizer]} on its own copy with the same averaged gradients, so all ${plural(ranks, 'copy', 'copies')} stay identical without any broadcast.`;
  }
}

/** Ring round `round` of a trace with `ranks` ranks, e.g. "round 2 of 6 (reduce-scatter)". */
export function ringRoundLabel(round: number, ranks: number): string {
  const rounds = ringRoundCount(ranks);
  const stage = round < ranks - 1 ? 'reduce-scatter' : 'all-gather';
  return `round ${round + 1} of ${rounds} (${stage})`;
}

function ringEventSentence(event: TraceEvent<DdpPhase | DdpConstructionPhase>, ranks: number): string {
  const round = event.round ?? 0;
  const what = `segment ${event.segment} of bucket ${event.bucket} (${formatBytes(event.bytes)})`;
  const label = ringRoundLabel(round, ranks);
  return round < ranks - 1
    ? `Ring ${label}: rank ${event.device} receives ${what} from rank ${event.peer} and adds it to its own.`
    : `Ring ${label}: rank ${event.device} receives the finished ${what} from rank ${event.peer} and copies it over its own.`;
}

/** One sentence about a single event of a DDP trace of `ranks` ranks (the ring needs N to name its stage). */
export function narrateDdpEvent(event: TraceEvent<DdpPhase | DdpConstructionPhase>, ranks = 1): string {
  const rows = event.rows ? ` ${formatRows(event.rows)} of the combined batch` : '';
  switch (event.phase) {
    case 'construction-broadcast':
      return `Rank ${event.device} receives rank ${event.peer}'s parameters (${formatBytes(event.bytes)}), once, at construction.`;
    case 'forward':
      return `Rank ${event.device} runs forward and its loss on its own samples,${rows}.`;
    case 'backward-all-reduce':
      if (event.kind === 'compute') return `Rank ${event.device} backpropagates its own samples,${rows}.`;
      if (event.round === undefined || event.peer === undefined) {
        return `Rank ${event.device} all-reduces bucket ${event.bucket} (${formatBytes(event.bytes)} of gradients) on its own: there is nobody to average with.`;
      }
      return ringEventSentence(event, ranks);
    case 'optimizer-step':
      return `Rank ${event.device} updates its own parameters with the averaged gradients.`;
  }
}
