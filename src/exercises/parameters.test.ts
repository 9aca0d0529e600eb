import { describe, expect, it } from 'vitest';
import { deviceChoices, keyChoices, parameterDevice, parametersExercise, stateDictKey } from './parameters';

const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);

describe('where the parameters live', () => {
  it('knows the facts: cuda:device_ids[0] and the module. prefix', () => {
    expect(parameterDevice([0, 1, 2, 3])).toBe('cuda:0');
    expect(parameterDevice([2, 3])).toBe('cuda:2');
    expect(stateDictKey('fc1.weight')).toBe('module.fc1.weight');
    const instance = { deviceIds: null, gpus: 4, name: 'fc1.weight' };
    expect(parametersExercise.check(instance, { device: 'cuda:0', key: 'module.fc1.weight' }).correct).toBe(
      true,
    );
    expect(parametersExercise.check(instance, { device: 'cuda:3', key: 'module.fc1.weight' }).correct).toBe(
      false,
    );
    expect(parametersExercise.check(instance, { device: 'cuda:0', key: 'fc1.weight' }).correct).toBe(false);
  });

  it('accepts the solution and rejects every other choice for many seeds', () => {
    const firsts = new Set<string>();
    for (const seed of SEEDS) {
      const instance = parametersExercise.generate(seed);
      const solution = parametersExercise.solve(instance);
      firsts.add(solution.device ?? '');
      expect(parametersExercise.check(instance, solution).correct).toBe(true);
      const devices = deviceChoices(instance).map((choice) => choice.id);
      const keys = keyChoices(instance).map((choice) => choice.id);
      expect(devices).toContain(solution.device);
      expect(keys).toContain(solution.key);
      for (const device of devices.filter((id) => id !== solution.device)) {
        const result = parametersExercise.check(instance, { ...solution, device });
        expect(result.correct).toBe(false);
        expect(result.explanation).toContain(`${solution.device}`);
      }
      for (const key of keys.filter((id) => id !== solution.key)) {
        expect(parametersExercise.check(instance, { ...solution, key }).correct).toBe(false);
      }
      expect(parametersExercise.check(instance, { device: null, key: solution.key }).correct).toBe(false);
    }
    // Some instances pass device_ids that do not start at 0.
    expect(firsts.size).toBeGreaterThan(1);
  });

  it('says the replicas live until backward has used them, not that forward throws them away', () => {
    for (const seed of [1, 2, 3]) {
      const instance = parametersExercise.generate(seed);
      const { explanation } = parametersExercise.check(instance, parametersExercise.solve(instance));
      expect(explanation).not.toMatch(/thrown away after (it|forward)/);
      expect(explanation).toContain('freed once backward has used them');
    }
  });
});
