import { PRESETS } from '../../src/cost/presets';
import { formatMs } from '../../src/dp/format';
import { modeledPhaseSpans } from '../../src/dp/modeledSpans';
import type { Phase } from '../../src/dp/phase';
import { paramLayout, paramName } from '../../src/nn/spec';
import type { ShownStep } from '../store/runSlice';
import { formatTerm, formatValue } from './format';

type Props = { shown: ShownStep; phase: Phase; engine: string | undefined };

/** The real numbers behind the current phase, and its time: modeled on real hardware, measured here. */
export function PhaseDetail({ shown, phase, engine }: Props) {
  const { detail } = shown.report;
  const name = paramName(paramLayout(shown.trace.plan.model), shown.weight);
  const measured = shown.trace.measuredMs?.[phase];
  const preset = PRESETS[shown.trace.preset];
  const span = modeledPhaseSpans(shown.trace).find((entry) => entry.phase === phase);
  const modeledMs = span ? span.endMs - span.startMs : 0;
  const skipped = shown.trace.events.some((event) => event.phase === phase && event.kind === 'skipped');
  return (
    <div className="phase-detail">
      {phase === 'replicate' && detail && !skipped ? (
        <p>
          <code>{name}</code> on each busy GPU right after replicate:{' '}
          {detail.replicaParams.map((params, device) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one value per GPU, in device order
            <span key={device} className="value-chip">
              GPU {device}: {formatValue(params[shown.weight] ?? Number.NaN)}
            </span>
          ))}
          {detail.replicaParams.length > 1 ? ' — identical copies of GPU 0’s weights.' : null}
        </p>
      ) : null}
      {phase === 'reduce-add' && detail && !skipped ? (
        <p data-reduce-add="">
          Gradient of <code>{name}</code>:{' '}
          {detail.replicaGrads.map((grad, device) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one value per GPU, in device order
            <span key={device} data-grad={grad}>
              {formatTerm(grad, device === 0)} <small>(GPU {device})</small>{' '}
            </span>
          ))}
          = <strong data-sum={detail.summedGrad}>{formatValue(detail.summedGrad)}</strong> on GPU 0.
          {shown.comparison ? (
            <>
              {' '}
              The same batch on 1 GPU:{' '}
              <strong data-single={shown.comparison.grad.single}>
                {formatValue(shown.comparison.grad.single)}
              </strong>{' '}
              (largest difference over all {shown.trace.plan.parameterCount} gradients:{' '}
              {shown.comparison.maxAbsDiff.gathered.toExponential(1)}, float rounding).
            </>
          ) : null}
        </p>
      ) : null}
      {skipped ? (
        <p className="timing">Skipped with one GPU: nothing runs, so there is nothing to time.</p>
      ) : (
        <p className="timing">
          <span>
            Modeled on {preset.label}: <strong>{formatMs(modeledMs)}</strong>
          </span>
          <span>
            {measured === undefined
              ? `Measured in this browser: not reported for this phase${engine ? ` by ${engine}` : ''}`
              : `Measured in this browser${engine ? ` (${engine})` : ''}: `}
            {measured === undefined ? null : <strong>{formatMs(measured)}</strong>}
          </span>
        </p>
      )}
    </div>
  );
}
