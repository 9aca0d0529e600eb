import { useEffect, useRef, useState } from 'react';
import { ProgressFile } from '../progress/ProgressFile';
import { useStore } from '../store/store';
import { applyLessonSetup } from './applyLessonSetup';
import { LessonBlocks } from './LessonBlocks';
import { LessonTask } from './LessonTask';
import { LESSON_IDS, type LessonId } from './lessonIds';
import { LESSONS, lessonById, lessonIndex } from './lessons';
import type { LessonStart } from './lessonTypes';
import { settingsInLink, writeLessonToUrl } from './pageTargets';
import { useHighlight } from './useHighlight';
import './tutorial.css';

const LAST = LESSON_IDS.length - 1;

function startNow(): LessonStart {
  return { step: useStore.getState().step };
}

/**
 * The guided tour: one lesson at a time, each setting the playground to what it explains, highlighting
 * the part of the page it talks about and, where it asks for an action, keeping Next closed until the
 * store shows the action done. Progress is saved by the store; the lesson is mirrored into the URL.
 */
export function TutorialPanel() {
  const lessonId = useStore((state) => state.lessonId);
  const completed = useStore((state) => state.completedLessons);
  const lesson = lessonById(lessonId);
  const index = lessonIndex(lessonId);
  const task = lesson.task;
  const [start, setStart] = useState<LessonStart>(startNow);
  const [hint, setHint] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  /** Set by Next and Back: the focus then moves to the new lesson's title (not after using the list). */
  const focusTitle = useRef(false);
  const navigated = useRef(false);
  const highlighted = useHighlight(lesson.highlight);

  const done = useStore((state) => (task ? task.isDone(state, start) : true));
  const doneText = useStore((state) => (task?.isDone(state, start) ? task.doneText(state, start) : ''));
  const doneBefore = completed.includes(lessonId);
  const canGoOn = index < LAST && (done || doneBefore);

  // On opening: show messages about the link or saved progress, and set up the lesson — after the page
  // has read its settings from the URL (the app's effects run after ours), keeping those the link names.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, for the lesson the page opened on
  useEffect(() => {
    const store = useStore.getState();
    const notices = store.takeTutorialNotices();
    if (notices.length > 0) store.addNotices(notices);
    // A link whose lesson could not be followed now names the lesson the tutorial opened on.
    if (notices.length > 0 && new URLSearchParams(window.location.search).has('lesson'))
      writeLessonToUrl(lessonId);
    const keep = settingsInLink(window.location.search);
    const timer = setTimeout(() => {
      applyLessonSetup(lesson.setup, keep);
      setStart(startNow());
    }, 0);
    return () => clearTimeout(timer);
  }, []);

  useEffect(() => {
    if (done) useStore.getState().completeLesson(lessonId);
  }, [done, lessonId]);

  useEffect(() => {
    if (!navigated.current) return;
    writeLessonToUrl(lessonId);
    if (focusTitle.current) heading.current?.focus();
  }, [lessonId]);

  const go = (id: LessonId, moveFocus = true) => {
    navigated.current = true;
    focusTitle.current = moveFocus;
    setHint('');
    useStore.getState().goToLesson(id);
    applyLessonSetup(lessonById(id).setup);
    setStart(startNow());
  };

  const next = () => {
    const following = LESSON_IDS[index + 1];
    if (canGoOn && following) go(following);
    else if (index === LAST) setHint('This is the last lesson. The exercises are below.');
    else if (task) setHint(`Not yet — ${task.instruction}`);
  };
  const back = () => {
    const previous = LESSON_IDS[index - 1];
    if (previous) go(previous);
  };

  return (
    <section className="panel tutorial" aria-label="Tutorial">
      <div className="tutorial-head">
        <h2>Tutorial</h2>
        <p className="tutorial-count">
          Lesson {index + 1} of {LESSON_IDS.length} · {completed.length} done
        </p>
      </div>
      <h3 ref={heading} tabIndex={-1} className="tutorial-title">
        {lesson.title}
      </h3>
      <LessonBlocks blocks={lesson.blocks} />
      {task ? <LessonTask key={lessonId} task={task} done={done} doneBefore={doneBefore} /> : null}
      {!task && highlighted.length > 0 ? (
        <button
          type="button"
          className="tutorial-show"
          onClick={() => highlighted[0]?.scrollIntoView({ block: 'nearest' })}
        >
          Show me on the page
        </button>
      ) : null}
      <p className="tutorial-status" aria-live="polite" aria-atomic="true">
        {done && doneText ? doneText : hint}
      </p>
      <div className="tutorial-nav">
        <button type="button" onClick={back} aria-disabled={index === 0}>
          Back
        </button>
        <button type="button" className="primary" onClick={next} aria-disabled={!canGoOn}>
          Next
        </button>
      </div>
      <label className="tutorial-jump">
        Go to lesson{' '}
        <select
          value={lessonId}
          onChange={(event) => {
            const id = LESSONS.find((l) => l.id === event.currentTarget.value)?.id;
            if (id) go(id, false);
          }}
        >
          {LESSONS.map((l, i) => (
            <option key={l.id} value={l.id}>
              {i + 1}. {l.title}
              {completed.includes(l.id) ? ' ✓' : ''}
            </option>
          ))}
        </select>
      </label>
      <ProgressFile openLesson={(id) => go(id, false)} />
    </section>
  );
}
