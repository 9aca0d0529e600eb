/** The tutorial's lessons in order; an id is what `?lesson=` takes and what saved progress records. */
export const LESSON_IDS = [
  'overview',
  'wrap-model',
  'split-batch',
  'replicate',
  'parallel-compute',
  'aggregate',
  'synchronize',
  'single-process',
  'scalability',
  'memory',
  'one-node',
  'parameters-device',
  'nvidia-smi',
  'ddp',
  'key-points',
] as const;

export type LessonId = (typeof LESSON_IDS)[number];

export function isLessonId(value: string): value is LessonId {
  return (LESSON_IDS as readonly string[]).includes(value);
}

export const FIRST_LESSON: LessonId = LESSON_IDS[0];
