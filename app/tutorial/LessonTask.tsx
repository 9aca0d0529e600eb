import { useState } from 'react';
import { LessonPrediction } from './LessonPrediction';
import type { LockedGuess, LessonTask as Task } from './lessonTypes';
import { focusControl } from './pageTargets';

const CONTROL_NAMES: Record<Task['control'], string> = {
  'gpus-slider': 'the GPUs slider',
  'next-phase': 'Next phase',
  'mode-switch': 'the Mode switch',
};

type Props = {
  task: Task;
  done: boolean;
  doneBefore: boolean;
  /** The learner's locked-in prediction, when the task asks for one. */
  guess: LockedGuess | null;
  onGuess(guess: LockedGuess): void;
};

/**
 * What the lesson asks the learner to do, and a button that takes the keyboard focus there; when the
 * task has a prediction, the guess comes first and the task opens once it is locked in.
 */
export function LessonTask({ task, done, doneBefore, guess, onGuess }: Props) {
  const [problem, setProblem] = useState('');
  const name = CONTROL_NAMES[task.control];
  const takeMeThere = () => {
    const outcome = focusControl(task.control);
    setProblem(
      outcome === 'missing'
        ? `${name} is not on the page right now.`
        : outcome === 'busy'
          ? `${name} is waiting for the current training step; try again in a moment.`
          : '',
    );
  };
  if (task.predict && guess === null) {
    return (
      <div className="tutorial-task">
        <LessonPrediction prediction={task.predict} onLock={onGuess} />
      </div>
    );
  }
  return (
    <div className={done ? 'tutorial-task done' : 'tutorial-task'}>
      {guess ? (
        <p className="tutorial-guess">
          <strong>Your guess:</strong> {guess.label}
        </p>
      ) : null}
      <p className="tutorial-task-instruction">
        <strong>Your turn:</strong> {task.instruction}
      </p>
      {/* Named without the control's own name, so "Next phase" keeps naming one button on the page. */}
      <button type="button" onClick={takeMeThere}>
        Take me there
      </button>
      {problem ? <p className="tutorial-task-problem">{problem}</p> : null}
      {!done && doneBefore ? (
        <p className="tutorial-task-note">You did this before, so Next is open — do it again if you like.</p>
      ) : null}
    </div>
  );
}
