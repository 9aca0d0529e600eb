/**
 * The nvidia-smi rows of a DistributedDataParallel step: what each rank holds at a DDP phase (the DDP
 * memory ledger) and how busy the timing model says its GPU is over the step (device work only). The
 * ledger and `utilization` in src/dp decide; this picks, sums and words the comparison.
 */
import {
  DDP_MEMORY_CATEGORIES,
  DDP_MEMORY_CATEGORY_TITLES,
  ddpMemoryLedger,
  ddpMemoryTotal,
} from '../../src/dp/ddpMemory';
import type { DdpPhase } from '../../src/dp/ddpPlan';
import type { DdpTrace } from '../../src/dp/ddpTrace';
import { formatBytes } from '../../src/dp/format';
import type { StepTrace } from '../../src/dp/trace';
import { utilization } from '../../src/dp/utilization';
import type { SmiRow } from './NvidiaSmiRows';

/** One row per rank; a rank without rows still runs: it joins the all-reduce and steps its optimizer. */
export function ddpSmiRows(trace: DdpTrace, phase: DdpPhase): SmiRow[] {
  const shares = utilization(trace);
  return ddpMemoryLedger(trace.plan).map((rank): SmiRow => {
    const breakdown = rank.byPhase[phase];
    return {
      device: rank.rank,
      busy: true,
      ...(rank.rows === 0 ? { note: 'no rows' } : {}),
      rows: rank.rows,
      usedBytes: ddpMemoryTotal(breakdown),
      holdings: DDP_MEMORY_CATEGORIES.filter((category) => breakdown[category] > 0).map((category) => ({
        title: DDP_MEMORY_CATEGORY_TITLES[category],
        bytes: breakdown[category],
      })),
      utilization: shares[rank.rank]?.share ?? 0,
    };
  });
}

/** What a rank's holdings are, in words, in the ledger's order. */
const HOLDING_WORDS: Record<string, string> = {
  [DDP_MEMORY_CATEGORY_TITLES.parameters]: 'parameters',
  [DDP_MEMORY_CATEGORY_TITLES.gradients]: 'gradients',
  [DDP_MEMORY_CATEGORY_TITLES['gradient-buckets']]:
    'gradient buckets (a second copy of the gradients, which the ring all-reduces)',
  [DDP_MEMORY_CATEGORY_TITLES['optimizer-state']]: 'optimizer state',
  [DDP_MEMORY_CATEGORY_TITLES.input]: 'chunk of the batch',
  [DDP_MEMORY_CATEGORY_TITLES.activations]: 'activations',
  [DDP_MEMORY_CATEGORY_TITLES.loss]: 'loss',
};

function list(items: readonly string[]): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** How the ranks compare with one another, from their bytes, holdings and rows at the shown phase. */
function ranksSentence(rows: readonly SmiRow[]): string {
  const fullest = rows.reduce((a, b) => (b.usedBytes > a.usedBytes ? b : a));
  const emptiest = rows.reduce((a, b) => (b.usedBytes < a.usedBytes ? b : a));
  const held = `its own ${list(fullest.holdings.map((holding) => HOLDING_WORDS[holding.title] ?? holding.title))}`;
  if (rows.length === 1) return `The one rank holds ${held}.`;
  if (fullest.usedBytes === emptiest.usedBytes) {
    return `Every rank holds the same ${formatBytes(fullest.usedBytes)}: ${held}. No GPU holds more than the others.`;
  }
  const less = formatBytes(fullest.usedBytes - emptiest.usedBytes);
  const few = emptiest.rows === 0 ? 'no rows' : `${emptiest.rows} ${emptiest.rows === 1 ? 'row' : 'rows'}`;
  return (
    `Every rank with rows holds ${held}. GPU ${emptiest.device} holds ${less} less than GPU ${fullest.device}: its chunk ` +
    `has ${few}, not ${fullest.rows}${emptiest.rows === 0 ? ' — yet it keeps the whole model' : ''}.`
  );
}

/** DataParallel's GPU 0 on the same batch, against the fullest rank, both at their peaks. */
function contrastSentence(trace: DdpTrace, dp: StepTrace | undefined): string | null {
  const dpGpu0 = dp?.plan.memory.gpus[0]?.peakBytes;
  if (dpGpu0 === undefined || dp === undefined || dp.devices !== trace.devices) return null;
  const rank = Math.max(...ddpMemoryLedger(trace.plan).map((entry) => entry.peakBytes));
  const peaks = `At its peak a rank holds ${formatBytes(rank)}; DataParallel’s GPU 0 on the same batch, ${formatBytes(dpGpu0)}`;
  if (rank > dpGpu0) {
    return `${peaks}: the buckets, a second copy of the gradients, outweigh the other chunks’ rows, outputs and loss that GPU 0 holds at this batch size.`;
  }
  if (rank < dpGpu0) {
    return `${peaks}: GPU 0 holds the whole batch, the gathered outputs and the loss, more than the buckets cost a rank.`;
  }
  return `${peaks}, the same.`;
}

/** The caption under DDP's table: every sentence computed from the numbers beside it. */
export function ddpSmiCaption(trace: DdpTrace, rows: readonly SmiRow[], dp: StepTrace | undefined): string {
  if (rows.length === 0) return '';
  const contrast = contrastSentence(trace, dp);
  return contrast ? `${ranksSentence(rows)} ${contrast}` : ranksSentence(rows);
}
