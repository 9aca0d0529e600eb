import { deviceChoices, keyChoices, parametersExercise } from '../../src/exercises/parameters';
import { ChoiceGroup } from './ChoiceGroup';
import { ExerciseFrame } from './ExerciseFrame';
import { useDraft } from './useDraft';
import { useExercise } from './useExercise';

/** Exercise 4: what `next(model.parameters()).device` prints, and what `state_dict()` calls a key. */
export function ParametersExercise({ number }: { number: number }) {
  const { seed, instance, solved, feedback, grade, another } = useExercise(parametersExercise);
  const [device, setDevice] = useDraft<string | null>(seed, null);
  const [key, setKey] = useDraft<string | null>(seed, null);
  const ids = instance.deviceIds;
  const machine = ids === null ? `${instance.gpus} GPUs` : '8 GPUs';
  const code = [
    `# a machine with ${machine}; the network's state_dict() has a key "${instance.name}"`,
    `device = torch.device("cuda${ids === null ? '' : `:${ids[0]}`}")`,
    ids === null
      ? 'model = nn.DataParallel(model)'
      : `model = nn.DataParallel(model, device_ids=[${ids.join(', ')}])`,
    'model.to(device)',
    'print(next(model.parameters()).device)',
  ].join('\n');
  return (
    <ExerciseFrame
      number={number}
      title={parametersExercise.title}
      solved={solved}
      instance={instance}
      feedback={feedback}
      onCheck={() => grade(instance, { device, key })}
      onAnother={another}
    >
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <pre className="exercise-code" tabIndex={0}>
        <code>{code}</code>
      </pre>
      <ChoiceGroup
        legend="What does the last line print, while all the GPUs are training?"
        choices={deviceChoices(instance)}
        value={device}
        onChange={setDevice}
        code
      />
      <ChoiceGroup
        legend={`What is "${instance.name}" called in model.state_dict() of the wrapped model?`}
        choices={keyChoices(instance)}
        value={key}
        onChange={setKey}
        code
      />
    </ExerciseFrame>
  );
}
