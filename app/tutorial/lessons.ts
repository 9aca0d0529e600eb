import { CLOSING_LESSONS } from './closingLessons';
import { INTRO_LESSONS } from './introLessons';
import { LESSON_IDS, type LessonId } from './lessonIds';
import type { Lesson } from './lessonTypes';
import { LIMIT_LESSONS } from './limitLessons';
import { STAGE_LESSONS } from './stageLessons';

/** Every lesson in tutorial order, following the seed tutorial section by section. */
export const LESSONS: readonly Lesson[] = [
  ...INTRO_LESSONS,
  ...STAGE_LESSONS,
  ...LIMIT_LESSONS,
  ...CLOSING_LESSONS,
];

const BY_ID = new Map(LESSONS.map((lesson) => [lesson.id, lesson]));

export function lessonById(id: LessonId): Lesson {
  const lesson = BY_ID.get(id);
  if (!lesson) throw new Error(`no lesson "${id}"`);
  return lesson;
}

export function lessonIndex(id: LessonId): number {
  return LESSON_IDS.indexOf(id);
}
