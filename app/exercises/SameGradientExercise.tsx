import { formatSizes } from '../../src/dp/format';
import {
  type GradientMeasurement,
  gradientsAgree,
  REASONS,
  type ReasonId,
  ROUNDING_TOLERANCE,
  sameGradientExercise,
} from '../../src/exercises/sameGradient';
import type { Choice } from '../../src/exercises/types';
import type { Comparison } from '../../src/worker/protocol';
import { useStoreApi } from '../store/store';
import { ChoiceGroup } from './ChoiceGroup';
import { compareOnEngine } from './compareOnEngine';
import { EngineRun, type EngineRunState } from './EngineRun';
import { ExerciseFrame } from './ExerciseFrame';
import { useDraft } from './useDraft';
import { useExercise } from './useExercise';

const AGREE: readonly Choice<'yes' | 'no'>[] = [
  { id: 'yes', label: 'Yes, they are the same up to float rounding.' },
  { id: 'no', label: 'No, they differ by more than rounding.' },
];

function measurement(comparison: Comparison): GradientMeasurement {
  return {
    rows: comparison.rows,
    chunkSizes: comparison.chunkSizes,
    maxAbsDiff: comparison.maxAbsDiff.gathered,
  };
}

/** Exercise 5: the real engine computes one batch's gradient on 1 GPU and on N GPUs; why do they agree? */
export function SameGradientExercise({ number }: { number: number }) {
  const store = useStoreApi();
  const { seed, instance, solved, feedback, grade, another } = useExercise(sameGradientExercise);
  const [run, setRun] = useDraft<EngineRunState>(seed, { kind: 'idle' });
  const [comparison, setComparison] = useDraft<Comparison | null>(seed, null);
  const [agree, setAgree] = useDraft<'yes' | 'no' | null>(seed, null);
  const [reason, setReason] = useDraft<ReasonId | null>(seed, null);
  /** The answer to the first question when the learner pressed Run: their prediction, kept as it was. */
  const [prediction, setPrediction] = useDraft<'yes' | 'no' | null>(seed, null);
  const [asked, setAsked] = useDraft(seed, false);
  const { gpus } = instance;

  const start = () => {
    if (agree === null) {
      setAsked(true);
      return;
    }
    setAsked(false);
    setPrediction(agree);
    setRun({ kind: 'running' });
    compareOnEngine(store, { gpus }).then(
      (result) => {
        setComparison(result);
        setRun({ kind: 'idle' });
      },
      (error: unknown) =>
        setRun({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  };
  const measured = comparison ? measurement(comparison) : null;

  return (
    <ExerciseFrame
      number={number}
      title={sameGradientExercise.title}
      solved={solved}
      instance={instance}
      feedback={feedback}
      onCheck={() => grade({ gpus, measured }, { agree, reason })}
      onAnother={another}
    >
      <p>
        The engine takes the next batch of the training run and computes its gradient twice from the same
        weights: on 1 GPU, and with DataParallel on <strong>{gpus} GPUs</strong> (the loss is a mean over the
        gathered outputs). Nothing is updated.
      </p>
      <ChoiceGroup
        legend={`Predict first: will the two gradients be the same, up to float rounding (a difference below ${ROUNDING_TOLERANCE.toExponential(0)})?`}
        choices={AGREE}
        value={agree}
        onChange={setAgree}
      />
      <EngineRun label={`Run on 1 GPU and on ${gpus} GPUs`} state={run} onRun={start}>
        {asked ? <p className="exercise-hint">Record your prediction above first, then run.</p> : null}
        {comparison ? (
          <dl className="exercise-results">
            <dt>Batch</dt>
            <dd>
              {comparison.rows} samples, split {formatSizes(comparison.chunkSizes)}
            </dd>
            <dt>One weight's gradient</dt>
            <dd>
              1 GPU: {comparison.grad.single.toPrecision(6)} · {gpus} GPUs:{' '}
              {comparison.grad.gathered.toPrecision(6)}
            </dd>
            <dt>Largest difference over all weights</dt>
            <dd>{comparison.maxAbsDiff.gathered.toExponential(2)}</dd>
            {prediction && measured ? (
              <>
                <dt>Your prediction</dt>
                <dd>
                  {prediction === 'yes' ? 'the same' : 'different'} — measured:{' '}
                  {gradientsAgree(measured) ? 'the same' : 'different'}
                  {(prediction === 'yes') === gradientsAgree(measured) ? ' ✓' : ' ✗'}
                </dd>
              </>
            ) : null}
          </dl>
        ) : null}
      </EngineRun>
      <ChoiceGroup legend="Why?" choices={REASONS} value={reason} onChange={setReason} />
    </ExerciseFrame>
  );
}
