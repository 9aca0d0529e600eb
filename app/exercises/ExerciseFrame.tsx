import type { ReactNode } from 'react';
import type { FeedbackView } from './useExercise';

type Props = {
  number: number;
  title: string;
  solved: boolean;
  /** The instance as JSON, for tests and for anyone curious. */
  instance: unknown;
  feedback: FeedbackView | null;
  onCheck(): void;
  onAnother(): void;
  children: ReactNode;
};

/**
 * The frame every exercise shares: a region named "Exercise: <title>", the question (children), Check
 * (also Enter in a field) and Try another, and one status line that starts with Correct, Not quite (a
 * hint after the first miss, the solution after the second) or Check the format.
 */
export function ExerciseFrame({
  number,
  title,
  solved,
  instance,
  feedback,
  onCheck,
  onAnother,
  children,
}: Props) {
  const tone = feedback === null ? '' : ` ${feedback.tone}`;
  return (
    <section className="exercise" aria-label={`Exercise: ${title}`} data-instance={JSON.stringify(instance)}>
      <h3>
        {number}. {title}
        {solved ? <span className="exercise-solved"> ✓ solved</span> : null}
      </h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onCheck();
        }}
      >
        {children}
        <div className="exercise-actions">
          <button type="submit" className="primary">
            Check
          </button>
          <button type="button" onClick={onAnother}>
            Try another
          </button>
        </div>
      </form>
      <p role="status" className={`exercise-feedback${tone}`}>
        {feedback?.text ?? ''}
      </p>
    </section>
  );
}
