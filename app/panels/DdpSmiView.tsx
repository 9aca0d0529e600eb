import { useMemo, useState } from 'react';
import { PRESETS } from '../../src/cost/presets';
import { DDP_PHASE_TITLES, DDP_PHASES, type DdpPhase, FIRST_BUCKET_CAP_BYTES } from '../../src/dp/ddpPlan';
import type { DdpTrace } from '../../src/dp/ddpTrace';
import { formatBytes } from '../../src/dp/format';
import type { StepTrace } from '../../src/dp/trace';
import { ddpSmiCaption, ddpSmiRows } from './DdpSmiRows';
import { SmiTables } from './SmiTables';

type Props = {
  trace: DdpTrace;
  /** The same step as DataParallel would run it, for the comparison with its GPU 0. */
  dpTrace: StepTrace | undefined;
  budget: number;
  engine: string;
};

/**
 * nvidia-smi during a DistributedDataParallel step: one process per GPU (torchrun's ranks), each rank's
 * memory from the DDP ledger at a phase the learner picks — the step's peak, backward with its
 * all-reduce, to begin with — and each GPU's modeled utilization from device work only.
 */
export function DdpSmiView({ trace, dpTrace, budget, engine }: Props) {
  const [phase, setPhase] = useState<DdpPhase>('backward-all-reduce');
  const rows = useMemo(() => ddpSmiRows(trace, phase), [trace, phase]);
  const caption = useMemo(() => ddpSmiCaption(trace, rows, dpTrace), [trace, rows, dpTrace]);
  const ranks = trace.devices;
  const { buckets, parameterBytes } = trace.plan;
  const underCap = buckets.length === 1 && parameterBytes < FIRST_BUCKET_CAP_BYTES;
  return (
    <>
      <p className="smi-banner">
        <span>$ nvidia-smi</span>{' '}
        <span>
          · {ranks} logical GPU{ranks === 1 ? '' : 's'} on {engine}
        </span>{' '}
        <span>· DDP, phase: {DDP_PHASE_TITLES[phase]}</span>
      </p>
      <fieldset className="smi-phases">
        <legend>Phase shown</legend>
        {DDP_PHASES.map((name) => (
          <button key={name} type="button" aria-pressed={name === phase} onClick={() => setPhase(name)}>
            {DDP_PHASE_TITLES[name]}
          </button>
        ))}
      </fieldset>
      <SmiTables
        rows={rows}
        budget={budget}
        engine={engine}
        caption={`Memory and utilization of each rank's GPU during ${DDP_PHASE_TITLES[phase].toLowerCase()}`}
        processOf={(row) => `python train_ddp.py · rank ${row.device}`}
      />
      <p className="panel-caption">{caption}</p>
      <p className="panel-fineprint">
        Memory: what each rank holds at this phase, from the DDP memory ledger; its{' '}
        {buckets.length === 1 ? 'one gradient bucket' : `${buckets.length} gradient buckets`} (
        {formatBytes(parameterBytes)}
        {underCap ? ', the whole model under the 1 MiB first cap' : ''}){' '}
        {buckets.length === 1 ? 'stays' : 'stay'} allocated from construction on. Total: a budget of{' '}
        {formatBytes(budget)} per logical GPU, the smallest power of two that fits this model and batch on 1–8
        GPUs in either mode (real cards have gigabytes). GPU-Util: the share of the step in which a kernel or
        a ring round runs on that GPU — each rank's Python is not counted — modeled for{' '}
        {PRESETS[trace.preset].label}. torchrun starts one Python process per GPU, so each GPU lists its own.
      </p>
    </>
  );
}
