import { useMemo } from 'react';
import { PRESETS } from '../../src/cost/presets';
import { formatBytes } from '../../src/dp/format';
import { PHASE_TITLES } from '../../src/dp/phase';
import type { StepTrace } from '../../src/dp/trace';
import type { Store } from '../store/store';
import { useStore } from '../store/store';
import { DdpSmiView } from './DdpSmiView';
import { memoryBudget, type SmiRow, smiRows } from './NvidiaSmiRows';
import { SmiTables } from './SmiTables';
import { useShownDdpTrace } from './shownDdpTrace';
import './panels.css';
import './NvidiaSmiPanel.css';

const selectTrace = (state: Store) => state.shown?.trace;
const selectPhase = (state: Store) => state.phase;
const selectBatch = (state: Store) => state.batch;
const selectEngineKind = (state: Store) => state.engineInfo?.kind;

function Caption({ rows }: { rows: readonly SmiRow[] }) {
  const first = rows[0];
  const second = rows[1];
  if (!first || !second) {
    return (
      <p className="panel-caption">
        One GPU: DataParallel calls the model directly, so GPU 0 holds everything and nothing is copied.
      </p>
    );
  }
  const fuller = first.usedBytes > second.usedBytes;
  return (
    <p className="panel-caption">
      {fuller ? 'GPU 0 is the fullest' : 'GPU 0 fills up as the step goes on'}: it keeps the original
      parameters (which its replica shares), their gradients and the optimizer state, the whole batch and the
      gathered outputs, while every other busy GPU holds a replica, its slice of the batch and that slice's
      activations, and from backward until reduce-add a full set of gradients.
    </p>
  );
}

function DpSmiView({ trace, budget, engine }: { trace: StepTrace; budget: number; engine: string }) {
  const phase = useStore(selectPhase);
  const rows = useMemo(() => smiRows(trace, phase), [trace, phase]);
  return (
    <>
      <p className="smi-banner">
        <span>$ nvidia-smi</span>{' '}
        <span>
          · {trace.devices} logical GPU{trace.devices === 1 ? '' : 's'} on {engine}
        </span>{' '}
        <span>· phase: {PHASE_TITLES[phase]}</span>
      </p>
      <SmiTables
        rows={rows}
        budget={budget}
        engine={engine}
        caption={`Memory and utilization of each logical GPU during ${PHASE_TITLES[phase].toLowerCase()}`}
        processOf={(row) => (row.busy ? 'python train.py' : null)}
      />
      <Caption rows={rows} />
      <p className="panel-fineprint">
        Memory: what each GPU holds at this phase, from the step's memory ledger. Total: a budget of{' '}
        {formatBytes(budget)} per logical GPU, the smallest power of two that fits this model and batch on 1–8
        GPUs in either mode (real cards have gigabytes). GPU-Util: as on nvidia-smi, the share of the step in
        which a kernel or a copy runs on that GPU (host time — Python, threads, the GIL — not counted),
        modeled for {PRESETS[trace.preset].label}. One Python process drives every GPU, so the same process is
        listed on each.
      </p>
    </>
  );
}

/**
 * An nvidia-smi style table of the logical GPUs during the shown step: DataParallel's at the stage's
 * phase, or — when the step ran as DistributedDataParallel — every rank's.
 */
export function NvidiaSmiPanel() {
  const trace = useStore(selectTrace);
  const ddpTrace = useShownDdpTrace();
  const batch = useStore(selectBatch);
  const engineKind = useStore(selectEngineKind);
  const engine = engineKind === 'cpu' ? 'CPU' : 'WebGPU';
  const budget = useMemo(
    () =>
      trace
        ? memoryBudget({
            model: trace.plan.model,
            batch: Math.max(batch, trace.plan.batch),
            optimizer: trace.plan.optimizer,
            lossPlacement: trace.plan.lossPlacement,
          })
        : 0,
    [trace, batch],
  );

  return (
    <section className="panel smi" aria-label="nvidia-smi" data-tour="nvidia-smi">
      <h2>nvidia-smi</h2>
      {trace && ddpTrace ? (
        <DdpSmiView trace={ddpTrace} dpTrace={trace} budget={budget} engine={engine} />
      ) : trace ? (
        <DpSmiView trace={trace} budget={budget} engine={engine} />
      ) : (
        <p className="panel-empty">Waiting for the first step…</p>
      )}
    </section>
  );
}
