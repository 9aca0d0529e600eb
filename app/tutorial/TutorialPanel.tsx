import { useEffect, useRef, useState } from 'react';
import { ProgressFile } from '../progress/ProgressFile';
import { type AppStore, useStore, useStoreApi } from '../store/store';
import { settingsNamedIn } from '../store/urlState';
import { applyLessonSetup, describeSetupChange, type SetupChange, undoLessonSetup } from './applyLessonSetup';
import { LessonBlocks } from './LessonBlocks';
import { LessonTask } from './LessonTask';
import { LESSON_IDS, type LessonId } from './lessonIds';
import { LESSONS, lessonById, lessonIndex } from './lessons';
import type { LessonStart, LockedGuess, TourTarget } from './lessonTypes';
import { showTargets } from './pageTargets';
import { useHighlight } from './useHighlight';
import './tutorial.css';

const LAST = LESSON_IDS.length - 1;

/**
 * Brings a page region into view and the keyboard focus to its heading (or the region itself), so
 * "Show me" takes a keyboard user where it points, not only the eyes.
 */
function showElement(element: Element | undefined): void {
  if (!(element instanceof HTMLElement)) return;
  element.scrollIntoView({ block: 'start' });
  const target = element.querySelector<HTMLElement>('h2, h3') ?? element;
  if (target.tabIndex < 0 && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
}

function showRegion(target: TourTarget): void {
  showElement(document.querySelector(`[data-tour="${target}"]`) ?? undefined);
}

function startNow(store: AppStore): LessonStart {
  return { step: store.getState().step };
}

/**
 * The guided tour: one lesson at a time, each setting the playground to what it explains, highlighting
 * the part of the page it talks about and, where it asks for an action, keeping Next closed until the
 * store shows the action done. Progress is saved by the store; the lesson is mirrored into the URL.
 */
export function TutorialPanel() {
  const store = useStoreApi();
  const lessonId = useStore((state) => state.lessonId);
  const completed = useStore((state) => state.completedLessons);
  const lesson = lessonById(lessonId);
  const index = lessonIndex(lessonId);
  const task = lesson.task;
  const [start, setStart] = useState<LessonStart>(() => startNow(store));
  const [hint, setHint] = useState('');
  /** What opening the lesson changed on the playground, until the learner undoes it or moves on. */
  const [change, setChange] = useState<SetupChange | null>(null);
  /** The prediction locked in for this lesson's task (predict → watch → verify). */
  const [guess, setGuess] = useState<LockedGuess | null>(null);
  const predicted = !task?.predict || guess !== null;
  const heading = useRef<HTMLHeadingElement>(null);
  /** Set by Next and Back: the focus then moves to the new lesson's title (not after using the list). */
  const focusTitle = useRef(false);
  const navigated = useRef(false);
  const highlighted = useHighlight(lesson.highlight);

  const done = useStore((state) => (task ? predicted && task.isDone(state, start) : true));
  const doneText = useStore((state) =>
    task && predicted && task.isDone(state, start) ? task.doneText(state, start) : '',
  );
  // A string, so the selector's result compares equal while nothing changes.
  const verdict = useStore((state) => {
    const verified = guess && task?.predict ? task.predict.verify(guess.value, state) : null;
    if (!guess || !verified) return '';
    const mark = verified.right ? '✓ Right.' : '✗ Not what you expected: read on below.';
    return ` Your guess: ${guess.label} — ${verified.actual}. ${mark}`;
  });
  const doneBefore = completed.includes(lessonId);
  const canGoOn = index < LAST && (done || doneBefore);

  // On opening: show messages about the link or saved progress, and set up the lesson — after the page
  // has read its settings from the URL (the app's effects run after ours), keeping those the link names.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, for the lesson the page opened on
  useEffect(() => {
    const state = store.getState();
    const notices = state.takeTutorialNotices();
    if (notices.length > 0) state.addNotices(notices);
    const keep = settingsNamedIn(window.location.search);
    const timer = setTimeout(() => {
      setChange(applyLessonSetup(store, lesson.setup, keep));
      setStart(startNow(store));
    }, 0);
    return () => clearTimeout(timer);
  }, []);

  useEffect(() => {
    if (done) store.getState().completeLesson(lessonId);
  }, [store, done, lessonId]);

  // The URL follows the lesson through the store (`useUrlSync`); here only the focus moves.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs each time the lesson changes
  useEffect(() => {
    if (navigated.current && focusTitle.current) heading.current?.focus();
  }, [lessonId]);

  const go = (id: LessonId, moveFocus = true) => {
    navigated.current = true;
    focusTitle.current = moveFocus;
    setHint('');
    setGuess(null);
    store.getState().goToLesson(id);
    setChange(applyLessonSetup(store, lessonById(id).setup));
    setStart(startNow(store));
  };

  const next = () => {
    const following = LESSON_IDS[index + 1];
    if (canGoOn && following) go(following);
    else if (index === LAST)
      setHint('This is the last lesson. Start the exercises to check what you learned.');
    else if (task && !predicted) setHint('Not yet — first lock in your guess.');
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
      {change ? (
        <p className="tutorial-setup">
          {describeSetupChange(change)}{' '}
          <button
            type="button"
            onClick={() => {
              undoLessonSetup(store, change);
              setChange(null);
              setStart(startNow(store));
            }}
          >
            Undo
          </button>
        </p>
      ) : null}
      <LessonBlocks blocks={lesson.blocks} />
      {task ? (
        <LessonTask
          key={lessonId}
          task={task}
          done={done}
          doneBefore={doneBefore}
          guess={guess}
          onGuess={(locked) => {
            setGuess(locked);
            setHint('');
          }}
        />
      ) : null}
      {lesson.reveal && done ? <LessonBlocks blocks={lesson.reveal} /> : null}
      {index === LAST ? (
        <button type="button" className="tutorial-show primary" onClick={() => showRegion('exercises')}>
          Start the exercises
        </button>
      ) : !task && highlighted.length > 0 ? (
        <button
          type="button"
          className="tutorial-show"
          onClick={() => {
            showTargets(lesson.highlight);
            showElement(highlighted[0]);
          }}
        >
          Show me on the page
        </button>
      ) : null}
      <p className="tutorial-status" aria-live="polite" aria-atomic="true">
        {done && doneText ? `${doneText}${verdict}` : hint}
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
