import { useState } from 'react';
import type { LessonTask as Task } from './lessonTypes';
import { focusControl } from './pageTargets';

const CONTROL_NAMES: Record<Task['control'], string> = {
  'gpus-slider': 'the GPUs slider',
  'next-phase': 'Next phase',
  'mode-switch': 'the Mode switch',
};

type Props = { task: Task; done: boolean; doneBefore: boolean };

/** What the lesson asks the learner to do, and a button that takes the keyboard focus there. */
export function LessonTask({ task, done, doneBefore }: Props) {
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
  return (
    <div className={done ? 'tutorial-task done' : 'tutorial-task'}>
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
