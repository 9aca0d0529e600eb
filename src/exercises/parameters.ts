/**
 * Exercise 4, "Where the parameters live": after wrapping, the original parameters never leave the
 * primary GPU (`device_ids[0]`), so `next(model.parameters()).device` names it; and the wrapper keeps
 * the network as `model.module`, so every `state_dict()` key gains the prefix `module.`.
 */
import { seededRandom } from '../random/seeded';
import { type Choice, type Exercise, formatSlip, right, wrong } from './types';

/** What `next(model.parameters()).device` prints for a DataParallel model over `deviceIds`. */
export function parameterDevice(deviceIds: readonly number[]): string {
  return `cuda:${deviceIds[0] ?? 0}`;
}

/** The prefix DataParallel's `state_dict()` puts before every key of the wrapped network. */
export const STATE_DICT_PREFIX = 'module.';

/** The key `state_dict()` of the wrapper uses for one of the network's own keys. */
export function stateDictKey(name: string): string {
  return `${STATE_DICT_PREFIX}${name}`;
}

const PARAMETER_NAMES = [
  'fc1.weight',
  'fc2.bias',
  'conv1.weight',
  'classifier.weight',
  'layers.0.weight',
  'head.bias',
];

export type ParametersInstance = {
  /** `device_ids` passed to DataParallel; null means the default (every visible GPU, from 0). */
  deviceIds: number[] | null;
  gpus: number;
  /** A key of the bare network's `state_dict()`. */
  name: string;
};

export type ParametersAnswer = { device: string | null; key: string | null };

function idsOf(instance: ParametersInstance): number[] {
  return instance.deviceIds ?? Array.from({ length: instance.gpus }, (_, i) => i);
}

/** The devices offered as answers, in a fixed order. */
export function deviceChoices(instance: ParametersInstance): Choice[] {
  const ids = idsOf(instance);
  const options = new Set([parameterDevice(ids), 'cuda:0', `cuda:${ids[ids.length - 1] ?? 0}`, 'cpu']);
  return [...options].sort().map((id) => ({ id, label: id }));
}

/** The keys offered as answers. */
export function keyChoices(instance: ParametersInstance): Choice[] {
  const { name } = instance;
  return [stateDictKey(name), name, `replicas.0.${name}`, `cuda:0.${name}`].map((id) => ({ id, label: id }));
}

export const parametersExercise: Exercise<ParametersInstance, ParametersAnswer> = {
  id: 'parameters',
  title: 'Where the parameters live',
  generate(seed) {
    const random = seededRandom(seed);
    const gpus = random.int(2, 8);
    const name = PARAMETER_NAMES[random.int(0, PARAMETER_NAMES.length - 1)] ?? 'fc1.weight';
    if (random.next() < 0.7 || gpus === 8) return { deviceIds: null, gpus, name };
    const first = random.int(1, 8 - gpus);
    return { deviceIds: Array.from({ length: gpus }, (_, i) => first + i), gpus, name };
  },
  solve: (instance) => ({ device: parameterDevice(idsOf(instance)), key: stateDictKey(instance.name) }),
  hint: () =>
    'Where do the original parameters live after model.to(device), and what attribute holds your network inside the wrapper?',
  check(instance, answer) {
    const ids = idsOf(instance);
    const device = parameterDevice(ids);
    const key = stateDictKey(instance.name);
    const primary =
      instance.deviceIds === null
        ? `the primary GPU, ${device}`
        : `the primary GPU, device_ids[0] = ${ids[0]}, so ${device}`;
    const whyDevice = `The original parameters stay on ${primary}; the copies on the other GPUs are rebuilt at every forward and freed once backward has used them.`;
    const whyKey = `DataParallel keeps your network as model.module, so state_dict() names it ${key}. Save model.module.state_dict() to get keys a bare model can load.`;
    if (answer.device === null || answer.key === null) return formatSlip('answer both questions.');
    const deviceRight = answer.device === device;
    const keyRight = answer.key === key;
    if (deviceRight && keyRight) return right(`${whyDevice} ${whyKey}`);
    const problems: string[] = [];
    const hints: string[] = [];
    if (!deviceRight) {
      hints.push(
        answer.device === 'cpu'
          ? 'model.to(device) ran before the loop: where did it put the parameters?'
          : 'Which GPU keeps the original parameters: the first of device_ids, or another?',
      );
      problems.push(
        answer.device === 'cpu'
          ? `model.to(device) put the parameters on a GPU, not the CPU. ${whyDevice}`
          : `It prints ${device}, not ${answer.device}. ${whyDevice}`,
      );
    }
    if (!keyRight) {
      problems.push(`The key is ${key}, not ${answer.key}. ${whyKey}`);
      hints.push('The wrapper keeps your network under an attribute name, and state_dict() keys follow it.');
    }
    return wrong(problems.join(' '), hints.join(' '));
  },
};
