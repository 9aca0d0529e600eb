import { useMemo, useState } from 'react';
import { defaultModel } from '../../../src/data/registry';
import { beatFrame, type DdpBeat, ddpBeats } from '../../../src/dp/ddpBeats';
import { narrateDdpPhase, ringRoundLabel } from '../../../src/dp/ddpNarrate';
import {
  formatValue,
  narrateDdpAverage,
  narrateDdpBackward,
  narrateDdpPhaseValues,
  narrateRingRound,
} from '../../../src/dp/ddpNarrateValues';
import { ddpPhaseView } from '../../../src/dp/ddpPhaseView';
import { DDP_PHASE_TITLES } from '../../../src/dp/ddpPlan';
import { buildDdpTrace, type DdpTrace } from '../../../src/dp/ddpTrace';
import { paramLayout, paramName } from '../../../src/nn/spec';
import type { DdpStepDetail } from '../../../src/train/engine';
import type { ShownStep } from '../../store/runSlice';
import { useStore } from '../../store/store';
import { StageDrawing } from '../StageDrawing';
import './ddp.css';

function narrate(trace: DdpTrace, beat: DdpBeat, ddp: DdpStepDetail): string {
  switch (beat.phase) {
    case 'construction-broadcast':
      return narrateDdpPhase(trace, beat.phase);
    case 'forward':
    case 'optimizer-step':
      return narrateDdpPhaseValues(trace, beat.phase, ddp);
    case 'backward-all-reduce': {
      if (beat.round < 0) return narrateDdpBackward(trace, ddp);
      const round = narrateRingRound(trace, beat.round, ddp);
      return beat.round === ddp.ringValues.length - 1 ? `${round} ${narrateDdpAverage(trace, ddp)}` : round;
    }
  }
}

function title(beat: DdpBeat, ranks: number): string {
  if (beat.phase === 'backward-all-reduce') {
    return beat.round < 0 ? 'Backward' : `All-reduce, ${ringRoundLabel(beat.round, ranks)}`;
  }
  return DDP_PHASE_TITLES[beat.phase];
}

function rankRows(sizes: readonly number[]): [number, number][] {
  let start = 0;
  return sizes.map((n) => {
    const rows: [number, number] = [start, start + n];
    start += n;
    return rows;
  });
}

/**
 * A DistributedDataParallel step with the engine's real values, painted by the same stage as
 * DataParallel from `ddpPhaseView`: each rank loads its own chunk (no scatter, no gather),
 * backpropagates, the ring all-reduce runs round by round with its real partial sums, every rank holds
 * the same average and steps its own optimizer. Stepped beat by beat (each ring round is one); key it
 * by the step, so a new step starts at its first beat.
 */
export function DdpStage({ shown, width }: { shown: ShownStep; width: number }) {
  const dataset = useStore((state) => state.dataset);
  const optimizer = useStore((state) => state.optimizer);
  const ready = useStore((state) => state.runStatus === 'ready');
  const showNextStep = useStore((state) => state.showNextStep);
  const ddp = shown.report.detail?.ddp;
  const model = defaultModel(dataset);
  const trace = useMemo(() => {
    if (ddp === undefined) return undefined;
    const built = buildDdpTrace({
      gpusPerNode: ddp.ranks,
      globalBatch: shown.report.rows,
      batchPerRank: shown.report.rows,
      model,
      optimizer,
    });
    return built.ok ? built.value : undefined;
  }, [ddp, shown.report.rows, model, optimizer]);
  // The wrap's broadcast happens once: it is shown with the first step after wrapping, not again.
  const beats = useMemo(() => ddpBeats(ddp?.ranks ?? 1, shown.index === 0), [ddp, shown.index]);
  const [at, setAt] = useState(0);
  const beatAt = Math.min(at, beats.length - 1);
  const beat = beats[beatAt] as DdpBeat;
  const round = beat.phase === 'backward-all-reduce' ? beat.round : undefined;
  const view = useMemo(
    () => (trace && ddp ? ddpPhaseView(trace, beat.phase, ddp, round) : undefined),
    [trace, ddp, beat.phase, round],
  );
  const still = useMemo(() => (trace ? beatFrame(trace, beats, beatAt) : undefined), [trace, beats, beatAt]);
  const rows = useMemo(() => (ddp ? rankRows(ddp.chunkSizes) : []), [ddp]);
  if (ddp === undefined || trace === undefined || view === undefined || still === undefined) {
    return <p className="narration">This step ran without DistributedDataParallel's detail.</p>;
  }
  const name = paramName(paramLayout(model), shown.weight);
  const last = at >= beats.length - 1;
  const ranks = `${ddp.ranks} ${ddp.ranks === 1 ? 'rank' : 'ranks'}`;
  return (
    <>
      <div className="stage-box" data-phase={beat.phase}>
        <StageDrawing
          view={view}
          label={`Stage: step ${shown.index + 1}, ${title(beat, ddp.ranks)}, on ${ranks}`}
          width={width}
          rows={rows.map((range, rank) => ((ddp.chunkSizes[rank] ?? 0) > 0 ? range : undefined))}
          paint={still}
          paintKey={`${shown.index}|${beatAt}`}
        />
      </div>
      <div className="playback" role="toolbar" aria-label="Playback">
        <button type="button" onClick={() => setAt(Math.max(0, at - 1))} disabled={at === 0}>
          Previous phase
        </button>
        <button
          type="button"
          className="primary"
          disabled={last && !ready}
          onClick={() => (last ? void showNextStep() : setAt(at + 1))}
        >
          Next phase
        </button>
        <span className="ddp-beat">
          Step {shown.index + 1} · {title(beat, ddp.ranks)}
        </span>
      </div>
      <p className="narration" role="status" aria-live="polite">
        <span className="narration-step">Step {shown.index + 1} · </span>
        {narrate(trace, beat, ddp)}
      </p>
      <p className="ddp-followed">
        Following <code>{name}</code> · {ranks} ·{' '}
        {ddp.buckets === 1
          ? 'one gradient bucket (the model is far below the 1 MiB first cap)'
          : `${ddp.buckets} buckets`}{' '}
        · ring rounds: <span data-testid="ring-rounds">{ddp.ringValues.length}</span>
      </p>
      <p className="ddp-compare">
        Largest difference from DataParallel's gradient of the same batch (computed from the ranks' own
        gradients, Σ nᵢ/B · gᵢ): <strong>{formatValue(ddp.largestDifferenceFromFullBatch)}</strong> · this
        weight: DDP {formatValue(ddp.averagedGrads[0] ?? Number.NaN)} vs DP {formatValue(ddp.fullBatchGrad)}
      </p>
    </>
  );
}
