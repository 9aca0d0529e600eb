import type { DdpBeat } from '../../../src/dp/ddpBeats';
import { formatValue } from '../../../src/dp/ddpNarrateValues';
import type { DdpStepDetail } from '../../../src/train/engine';

type Props = {
  rank: number;
  beat: DdpBeat;
  ddp: DdpStepDetail;
  /** Half-open rows of the global batch this rank loaded. */
  rows: [number, number];
};

function order(beat: DdpBeat): number {
  switch (beat.phase) {
    case 'construction-broadcast':
      return 0;
    case 'forward':
      return 1;
    case 'backward-all-reduce':
      return 2;
    case 'optimizer-step':
      return 3;
  }
}

/** One rank (one logical GPU) in a DDP step: its rows, loss, own gradient, ring buffer, average, weights. */
export function DdpRankCard({ rank, beat, ddp, rows }: Props) {
  const stage = order(beat);
  const idle = (ddp.chunkSizes[rank] ?? 0) === 0;
  const loss = ddp.rankLosses[rank];
  const round = beat.phase === 'backward-all-reduce' ? beat.round : undefined;
  const lastRound = ddp.ringValues.length - 1;
  const bucket = round === undefined || round < 0 ? ddp.ringStart[rank] : ddp.ringValues[round]?.[rank];
  const averaged =
    stage === 3 || (round !== undefined && round === lastRound) || (ddp.ranks === 1 && stage >= 2);
  return (
    // biome-ignore lint/a11y/useSemanticElements: the page's contract names each GPU as role="group"
    <div className={`ddp-rank gpu-${rank}`} role="group" aria-label={`GPU ${rank}`}>
      <h3>
        GPU {rank} · rank {rank}
      </h3>
      <dl>
        <dt>rows</dt>
        <dd>{idle ? 'none (idle)' : `x[${rows[0]}:${rows[1]}]`}</dd>
        {stage >= 1 && loss !== null && loss !== undefined ? (
          <>
            <dt>own loss</dt>
            <dd>{formatValue(loss)}</dd>
          </>
        ) : null}
        {stage >= 2 ? (
          <>
            <dt>own grad</dt>
            <dd data-testid="local-grad">{formatValue(ddp.localGrads[rank] ?? Number.NaN)}</dd>
          </>
        ) : null}
        {round !== undefined && ddp.ranks > 1 && bucket !== undefined ? (
          <>
            <dt>bucket</dt>
            <dd data-testid="bucket-value">{formatValue(bucket)}</dd>
          </>
        ) : null}
        {averaged ? (
          <>
            <dt>averaged grad</dt>
            <dd data-testid="averaged-grad">{formatValue(ddp.averagedGrads[rank] ?? Number.NaN)}</dd>
          </>
        ) : null}
        {stage === 3 ? (
          <>
            <dt>weights</dt>
            <dd>{ddp.ranksIdentical ? 'stepped · same as rank 0 ✓' : 'stepped · differ from rank 0 ✗'}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
