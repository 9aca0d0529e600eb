import { useId } from 'react';
import type { Choice } from '../../src/exercises/types';

type Props<Id extends string> = {
  legend: string;
  choices: readonly Choice<Id>[];
  value: NoInfer<Id> | null;
  onChange(id: NoInfer<Id>): void;
  /** Show labels as code (device names, state_dict keys). */
  code?: boolean;
};

/** One multiple-choice question: a fieldset of radio buttons (arrow keys move between them). */
export function ChoiceGroup<Id extends string>({
  legend,
  choices,
  value,
  onChange,
  code = false,
}: Props<Id>) {
  const name = useId();
  return (
    <fieldset className="exercise-choices">
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.id}>
          <input
            type="radio"
            name={name}
            value={choice.id}
            checked={value === choice.id}
            onChange={() => onChange(choice.id)}
          />{' '}
          {code ? <code>{choice.label}</code> : choice.label}
        </label>
      ))}
    </fieldset>
  );
}
