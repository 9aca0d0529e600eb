import { useId, useMemo, useState } from 'react';
import { ChoiceGroup } from '../exercises/ChoiceGroup';
import { TypedAnswer } from '../exercises/TypedAnswer';
import { useStore } from '../store/store';
import type { LockedGuess, Prediction, PredictionChoice } from './lessonTypes';
import { RichText } from './RichText';

type Props = { prediction: Prediction; onLock(guess: LockedGuess): void };

/**
 * The "predict" of predict → watch → verify: the question, a typed answer or a choice, and a button
 * that locks the guess in (Enter in the field does too). A guess that cannot be read is a format
 * problem, said as such; nothing is graded until the engine has shown the answer.
 */
export function LessonPrediction({ prediction, onLock }: Props) {
  const question = useStore((state) =>
    typeof prediction.question === 'string' ? prediction.question : prediction.question(state),
  );
  // Selected as text, so the selection compares equal while the choices stay the same.
  const choicesText = useStore((state) =>
    JSON.stringify(prediction.answer.kind === 'choice' ? prediction.answer.choices(state) : []),
  );
  const choices = useMemo(() => JSON.parse(choicesText) as PredictionChoice[], [choicesText]);
  const [text, setText] = useState('');
  const [choice, setChoice] = useState<string | null>(null);
  const [problem, setProblem] = useState('');
  const problemId = useId();
  const { answer } = prediction;
  const lock = () => {
    if (answer.kind === 'typed') {
      const read = answer.read(text);
      if (!read.ok) {
        setProblem(`Check the format: ${read.problem}`);
        return;
      }
      onLock({ value: read.guess, label: read.guess });
      return;
    }
    const picked = choices.find((option) => option.id === choice);
    if (!picked) {
      setProblem('Pick one of the answers first.');
      return;
    }
    onLock({ value: picked.id, label: picked.label });
  };
  return (
    <form
      className="tutorial-predict"
      aria-describedby={problem ? problemId : undefined}
      onSubmit={(event) => {
        event.preventDefault();
        lock();
      }}
    >
      {answer.kind === 'typed' ? (
        <>
          <p>
            <RichText text={question} />
          </p>
          <TypedAnswer
            label={answer.label}
            hint={`For example ${answer.example}.`}
            value={text}
            onChange={setText}
          />
        </>
      ) : (
        <ChoiceGroup
          legend={question.replace(/`/g, '')}
          choices={choices}
          value={choice}
          onChange={setChoice}
        />
      )}
      <button type="submit">Lock in my guess</button>
      {problem ? (
        <p id={problemId} className="tutorial-task-problem" role="status">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
