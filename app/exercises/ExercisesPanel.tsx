import { EXERCISE_IDS } from '../../src/exercises/types';
import { useStore } from '../store/store';
import { BusyGpusExercise } from './BusyGpusExercise';
import { DdpGradientExercise } from './DdpGradientExercise';
import { LossInsideExercise } from './LossInsideExercise';
import { MemoryExercise } from './MemoryExercise';
import { ParametersExercise } from './ParametersExercise';
import { PhaseOrderExercise } from './PhaseOrderExercise';
import { RingBytesExercise } from './RingBytesExercise';
import { SameGradientExercise } from './SameGradientExercise';
import { ScalingExercise } from './ScalingExercise';
import { SplitExercise } from './SplitExercise';
import './exercises.css';

const EXERCISE_COMPONENTS = [
  SplitExercise,
  BusyGpusExercise,
  PhaseOrderExercise,
  ParametersExercise,
  SameGradientExercise,
  MemoryExercise,
  ScalingExercise,
  LossInsideExercise,
  DdpGradientExercise,
  RingBytesExercise,
] as const;

const selectSolved = (state: { solvedExercises: readonly string[] }) => state.solvedExercises.length;

/** The graded exercises and how many of them the learner has solved. */
export function ExercisesPanel() {
  const solved = useStore(selectSolved);
  const total = EXERCISE_IDS.length;
  return (
    <section className="panel exercises" aria-label="Exercises" data-tour="exercises">
      {/* Focusable from script, so the tutorial's "Start the exercises" can bring the keyboard here. */}
      <h2 tabIndex={-1}>Exercises</h2>
      <p className="exercises-overview">
        <span>
          {solved} of {total} correct
        </span>
        <progress max={total} value={solved} aria-label="Exercises correct" />
      </p>
      <p className="exercise-hint">
        Each answer is worked out by the playground's own DataParallel code. Try another gives a new version
        of the same question.
      </p>
      {EXERCISE_COMPONENTS.map((Exercise, i) => (
        <Exercise key={EXERCISE_IDS[i]} number={i + 1} />
      ))}
    </section>
  );
}
