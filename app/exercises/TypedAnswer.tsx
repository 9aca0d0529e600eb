import { useId } from 'react';

type Props = {
  label: string;
  hint: string;
  value: string;
  onChange(value: string): void;
  inputMode?: 'numeric' | 'text';
};

/** A labelled text field for a typed answer; Enter checks it (the field sits in the exercise's form). */
export function TypedAnswer({ label, hint, value, onChange, inputMode = 'text' }: Props) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="exercise-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-describedby={hintId}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
      <span id={hintId} className="exercise-hint">
        {hint}
      </span>
    </div>
  );
}
