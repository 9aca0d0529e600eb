/** The exercises by id, in page order, so the page and the tests reach them the same way. */
import { busyGpusExercise } from './busyGpus';
import { ddpGradientExercise } from './ddpGradient';
import { lossInsideExercise } from './lossInside';
import { memoryExercise } from './memory';
import { parametersExercise } from './parameters';
import { phaseOrderExercise } from './phaseOrder';
import { ringBytesExercise } from './ringBytes';
import { sameGradientExercise } from './sameGradient';
import { scalingExercise } from './scaling';
import { splitExercise } from './split';
import { EXERCISE_IDS, type ExerciseId } from './types';

export const EXERCISES = {
  split: splitExercise,
  'busy-gpus': busyGpusExercise,
  'phase-order': phaseOrderExercise,
  parameters: parametersExercise,
  'same-gradient': sameGradientExercise,
  memory: memoryExercise,
  scaling: scalingExercise,
  'loss-inside': lossInsideExercise,
  'ddp-gradient': ddpGradientExercise,
  'ring-bytes': ringBytesExercise,
} as const satisfies Record<ExerciseId, { id: ExerciseId; title: string }>;

/** Every exercise's title, in page order. */
export const EXERCISE_TITLES: Record<ExerciseId, string> = Object.fromEntries(
  EXERCISE_IDS.map((id) => [id, EXERCISES[id].title]),
) as Record<ExerciseId, string>;
