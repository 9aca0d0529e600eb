import { chunkSizes } from '../../src/dp/chunk';
import { formatSizes } from '../../src/dp/format';
import { lossInsideExercise } from '../../src/exercises/lossInside';
import type { Choice } from '../../src/exercises/types';
import type { Comparison } from '../../src/worker/protocol';
import { useStoreApi } from '../store/store';
import { ChoiceGroup } from './ChoiceGroup';
import { compareOnEngine } from './compareOnEngine';
import { EngineRun, type EngineRunState } from './EngineRun';
import { ExerciseFrame } from './ExerciseFrame';
import { TypedAnswer } from './TypedAnswer';
import { useDraft } from './useDraft';
import { useExercise } from './useExercise';

const MATCHES: readonly Choice<'yes' | 'no'>[] = [
  { id: 'yes', label: 'Yes, it gives the full-batch gradient.' },
  { id: 'no', label: 'No, it gives a different gradient.' },
];

/** Exercise 8: averaging per-replica mean losses — the full-batch gradient or not? */
export function LossInsideExercise({ number }: { number: number }) {
  const store = useStoreApi();
  const { seed, instance, solved, feedback, grade, another } = useExercise(lossInsideExercise);
  const [matches, setMatches] = useDraft<'yes' | 'no' | null>(seed, null);
  const [weight, setWeight] = useDraft(seed, '');
  const [run, setRun] = useDraft<EngineRunState>(seed, { kind: 'idle' });
  const [comparison, setComparison] = useDraft<Comparison | null>(seed, null);
  const { batch, gpus } = instance;
  const sizes = chunkSizes(batch, gpus);

  const start = () => {
    setRun({ kind: 'running' });
    compareOnEngine(store, { gpus, batch }).then(
      (result) => {
        setComparison(result);
        setRun({ kind: 'idle' });
      },
      (error: unknown) =>
        setRun({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  };

  return (
    <ExerciseFrame
      number={number}
      title={lossInsideExercise.title}
      solved={solved}
      instance={instance}
      feedback={feedback}
      onCheck={() => grade(instance, { matches, weight })}
      onAnother={another}
    >
      <p>
        A batch of <strong>{batch} samples</strong> on <strong>{gpus} GPUs</strong> is split into chunks of{' '}
        <strong>{formatSizes(sizes)}</strong>. Instead of computing the loss on the gathered outputs, each
        replica computes the mean loss of its own chunk inside <code>forward</code>, and the {sizes.length}{' '}
        losses are averaged on GPU 0.
      </p>
      <EngineRun
        label={`Compute both on the engine (sets ${batch} samples on ${gpus} GPUs)`}
        state={run}
        onRun={start}
      >
        {comparison ? (
          <dl className="exercise-results">
            <dt>Batch</dt>
            <dd>
              {comparison.rows} samples, split {formatSizes(comparison.chunkSizes)}
            </dd>
            <dt>One weight's gradient</dt>
            <dd>
              1 GPU: {comparison.grad.single.toPrecision(5)} · loss on gathered outputs:{' '}
              {comparison.grad.gathered.toPrecision(5)} · losses averaged inside forward:{' '}
              {comparison.grad.insideForward.toPrecision(5)}
            </dd>
            <dt>Largest difference from 1 GPU over all weights</dt>
            <dd>
              gathered: {comparison.maxAbsDiff.gathered.toExponential(2)} · inside forward:{' '}
              {comparison.maxAbsDiff.insideForward.toExponential(2)}
            </dd>
          </dl>
        ) : null}
      </EngineRun>
      <ChoiceGroup
        legend="Does averaging the per-replica mean losses give the full-batch gradient?"
        choices={MATCHES}
        value={matches}
        onChange={setMatches}
      />
      <TypedAnswer
        label="How much does one sample of the last chunk weigh in that averaged loss?"
        hint={`A fraction such as 1/8, or a decimal. (The full-batch mean gives every sample 1/${batch}.)`}
        value={weight}
        onChange={setWeight}
      />
    </ExerciseFrame>
  );
}
