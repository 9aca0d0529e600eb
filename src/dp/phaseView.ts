/**
 * The DataParallel phase view: per phase, which tensors sit on which GPU and how they move, read off
 * the trace's events (the output device, the chunks, the copies), plus the real values the engine
 * reported. The stage paints it; a DDP step gets its own function producing the same types.
 */
import type { TraceEvent } from './event';
import type { Phase } from './phase';
import type { Collective, MoveKind, PhaseValues, PhaseView, StageMove, StageObject } from './phaseViewTypes';
import type { StepTrace } from './trace';

export type * from './phaseViewTypes';

const COLLECTIVES: Record<Phase, Collective> = {
  scatter: 'scatter',
  replicate: 'broadcast',
  forward: 'compute',
  gather: 'gather',
  loss: 'compute',
  backward: 'compute',
  'reduce-add': 'reduce',
  'optimizer-step': 'compute',
};

/** The phases after which an object still exists (a chunk lives from scatter until backward is done). */
const CHUNKS_UNTIL: readonly Phase[] = ['scatter', 'replicate', 'forward', 'gather', 'loss', 'backward'];

function eventsOf(trace: StepTrace, phase: Phase): TraceEvent[] {
  return trace.events.filter((event) => event.phase === phase);
}

/** Where DataParallel puts outputs, the loss and the summed gradients: the loss event's device. */
export function outputDeviceOf(trace: StepTrace): number {
  return trace.events.find((event) => event.phase === 'loss')?.device ?? 0;
}

/** The GPU whose data an event carries: the sender of a copy, else the GPU it runs on. */
function source(event: TraceEvent): number {
  return event.peer ?? event.device;
}

function moveKind(event: TraceEvent, copy: MoveKind): MoveKind {
  if (event.kind === 'in-place') return 'stay';
  if (event.kind === 'compute') return 'compute';
  return copy;
}

function rowsName(name: string, rows: [number, number] | undefined): string {
  return rows ? `${name}[${rows[0]}:${rows[1]}]` : name;
}

function rowCount(rows: [number, number] | undefined): number {
  return rows ? rows[1] - rows[0] : 0;
}

function withValue<T extends StageObject>(object: T, value: number | undefined): T {
  return value === undefined ? object : { ...object, value };
}

/** Each busy GPU's slice of the batch, as scatter left it. */
function chunks(trace: StepTrace, life: 'present' | 'arrives'): StageObject[] {
  return eventsOf(trace, 'scatter').map((event) => ({
    id: `chunk:gpu${event.device}`,
    kind: 'chunk',
    device: event.device,
    name: rowsName('x', event.rows),
    shape: [rowCount(event.rows), trace.plan.features],
    ...(event.rows ? { rows: event.rows } : {}),
    life,
    ...(life === 'arrives' ? { eventId: event.id } : {}),
  }));
}

function originals(trace: StepTrace, values: PhaseValues): StageObject {
  const device = outputDeviceOf(trace);
  return withValue(
    {
      id: `weights:gpu${device}`,
      kind: 'weights',
      device,
      name: 'model',
      shape: [trace.plan.parameterCount],
      life: 'present',
    },
    values.weightBefore,
  );
}

/** The replicas replicate made; `fading` marks them thrown away once their backward is done. */
function replicas(
  trace: StepTrace,
  values: PhaseValues,
  life: 'present' | 'arrives' | 'fades',
): StageObject[] {
  const home = outputDeviceOf(trace);
  return eventsOf(trace, 'replicate')
    .filter((event) => event.kind !== 'skipped')
    .map((event): StageObject => {
      const base = {
        id: `replica:gpu${event.device}`,
        kind: 'weights' as const,
        device: event.device,
        name: `replica ${event.device}`,
        shape: [trace.plan.parameterCount],
      };
      const fade = `backward:gpu${event.device}`;
      if (event.kind === 'in-place') {
        // Replica 0's parameters are GPU 0's originals: the same storage, not a copy.
        return {
          ...base,
          life: 'shared',
          sharesWith: `weights:gpu${home}`,
          ...(life === 'fades' ? { eventId: fade } : {}),
        };
      }
      const eventId = life === 'arrives' ? event.id : life === 'fades' ? fade : undefined;
      return withValue({ ...base, life, ...(eventId ? { eventId } : {}) }, values.weightBefore);
    });
}

function outputs(trace: StepTrace, life: 'present' | 'arrives'): StageObject[] {
  return eventsOf(trace, 'forward').map((event) => ({
    id: `outputs:gpu${event.device}`,
    kind: 'outputs',
    device: event.device,
    name: rowsName('out', event.rows),
    shape: [rowCount(event.rows), trace.plan.classes],
    ...(event.rows ? { rows: event.rows } : {}),
    life,
    ...(life === 'arrives' ? { eventId: event.id } : {}),
  }));
}

/** GPU 0's gathered outputs, stacked in chunk order (or, on one GPU, the module's own output). */
function gathered(trace: StepTrace, life: 'present' | 'arrives'): StageObject[] {
  const events = eventsOf(trace, 'gather').filter((event) => event.kind !== 'skipped');
  if (events.length === 0) return [];
  const device = outputDeviceOf(trace);
  const inside = trace.plan.lossPlacement === 'inside-forward';
  return [
    {
      id: 'gathered',
      kind: 'gathered',
      device,
      name: inside ? 'loss per replica' : 'outputs',
      shape: inside ? [events.length] : [trace.plan.batch, trace.plan.classes],
      rows: [0, trace.plan.batch],
      parts: events.map((event) => ({
        device: source(event),
        rows: event.rows ?? [0, 0],
        eventId: event.id,
      })),
      life,
    },
  ];
}

function lossObject(trace: StepTrace, values: PhaseValues, life: 'present' | 'arrives'): StageObject {
  const event = eventsOf(trace, 'loss')[0];
  return withValue(
    {
      id: 'loss',
      kind: 'loss',
      device: event?.device ?? 0,
      name: 'loss',
      shape: [],
      life,
      ...(life === 'arrives' && event ? { eventId: event.id } : {}),
    },
    values.loss,
  );
}

function gradients(trace: StepTrace, values: PhaseValues, life: 'present' | 'arrives'): StageObject[] {
  return eventsOf(trace, 'backward')
    .filter((event) => event.kind === 'compute')
    .map((event) =>
      withValue(
        {
          id: `grad:gpu${event.device}`,
          kind: 'gradients',
          device: event.device,
          // Each card is its replica: "grad" is replica k's gradients on GPU k.
          name: trace.plan.shortcut ? '.grad' : 'grad',
          shape: [trace.plan.parameterCount],
          life,
          ...(life === 'arrives' ? { eventId: event.id } : {}),
        },
        values.replicaGrads?.[event.device],
      ),
    );
}

function gradSlices(trace: StepTrace): StageObject[] {
  return eventsOf(trace, 'backward')
    .filter((event) => event.kind !== 'compute')
    .map((event) => ({
      id: `grad-slice:gpu${event.device}`,
      kind: 'grad-slice',
      device: event.device,
      name: rowsName('grad out', event.rows),
      shape: [rowCount(event.rows), trace.plan.classes],
      ...(event.rows ? { rows: event.rows } : {}),
      life: 'arrives',
      eventId: event.id,
    }));
}

function sum(trace: StepTrace, values: PhaseValues, life: 'present' | 'arrives'): StageObject[] {
  const events = eventsOf(trace, 'reduce-add').filter((event) => event.kind !== 'skipped');
  const last = events.reduce<TraceEvent | undefined>(
    (latest, event) =>
      latest === undefined || event.start + event.duration > latest.start + latest.duration ? event : latest,
    undefined,
  );
  if (!last) return [];
  const object: StageObject = {
    id: 'sum',
    kind: 'sum',
    device: outputDeviceOf(trace),
    name: 'Σ grad',
    shape: [trace.plan.parameterCount],
    life,
    ...(life === 'arrives' ? { eventId: last.id } : {}),
  };
  if (values.singleGrad !== undefined) {
    object.reference = {
      label: '1 GPU',
      value: values.singleGrad,
      ...(values.maxAbsDiff === undefined ? {} : { maxAbsDiff: values.maxAbsDiff }),
    };
  }
  return [withValue(object, values.summedGrad)];
}

/** The moves of a phase, one per event (skipped markers draw nothing). */
function moves(trace: StepTrace, phase: Phase, values: PhaseValues): StageMove[] {
  return eventsOf(trace, phase)
    .filter((event) => event.kind !== 'skipped')
    .map((event) => moveOf(event, phase, values));
}

function moveOf(event: TraceEvent, phase: Phase, values: PhaseValues): StageMove {
  const from = source(event);
  const base = { eventId: event.id, from, to: event.device };
  switch (phase) {
    case 'scatter':
      return {
        ...base,
        kind: moveKind(event, 'split'),
        objectId: `chunk:gpu${event.device}`,
        label: rowsName('x', event.rows),
      };
    case 'replicate':
      return {
        ...base,
        kind: moveKind(event, 'fan-out'),
        objectId: `replica:gpu${event.device}`,
        label: event.kind === 'in-place' ? 'replica 0 = originals' : 'weights',
      };
    case 'forward':
      return { ...base, kind: 'compute', objectId: `outputs:gpu${event.device}`, label: 'forward' };
    case 'gather':
      return {
        ...base,
        kind: moveKind(event, 'stack'),
        objectId: 'gathered',
        label: rowsName('out', event.rows),
      };
    case 'loss':
      return { ...base, kind: 'compute', objectId: 'loss', label: 'loss' };
    case 'backward':
      return event.kind === 'compute'
        ? { ...base, kind: 'compute', objectId: `grad:gpu${event.device}`, label: 'backward' }
        : {
            ...base,
            kind: moveKind(event, 'split'),
            objectId: `grad-slice:gpu${event.device}`,
            label: rowsName('grad out', event.rows),
          };
    case 'reduce-add': {
      const grad = values.replicaGrads?.[from];
      return {
        ...base,
        kind: moveKind(event, 'merge'),
        objectId: 'sum',
        label: grad === undefined ? `grad ${from}` : `g${from}`,
      };
    }
    case 'optimizer-step':
      return { ...base, kind: 'compute', objectId: `weights:gpu${event.device}`, label: 'step' };
  }
}

function objectsOf(trace: StepTrace, phase: Phase, values: PhaseValues): StageObject[] {
  const keepChunks = CHUNKS_UNTIL.includes(phase);
  const base = keepChunks && phase !== 'scatter' ? chunks(trace, 'present') : [];
  const weights = originals(trace, values);
  switch (phase) {
    case 'scatter': {
      const home = outputDeviceOf(trace);
      const batch: StageObject = {
        id: 'batch',
        kind: 'batch',
        device: home,
        name: 'x',
        shape: [trace.plan.batch, trace.plan.features],
        rows: [0, trace.plan.batch],
        parts: eventsOf(trace, 'scatter').map((event) => ({
          device: event.device,
          rows: event.rows ?? [0, 0],
          eventId: event.id,
        })),
        life: 'present',
      };
      return [batch, ...chunks(trace, 'arrives'), weights];
    }
    case 'replicate':
      return [...base, weights, ...replicas(trace, values, 'arrives')];
    case 'forward':
      return [...base, weights, ...replicas(trace, values, 'present'), ...outputs(trace, 'arrives')];
    case 'gather':
      return [
        ...base,
        weights,
        ...replicas(trace, values, 'present'),
        ...outputs(trace, 'present'),
        ...gathered(trace, 'arrives'),
      ];
    case 'loss': {
      const held = trace.plan.shortcut ? outputs(trace, 'present') : gathered(trace, 'present');
      return [
        ...base,
        weights,
        ...replicas(trace, values, 'present'),
        ...held,
        lossObject(trace, values, 'arrives'),
      ];
    }
    case 'backward':
      return [
        ...base,
        weights,
        ...replicas(trace, values, 'fades'),
        lossObject(trace, values, 'present'),
        ...gradSlices(trace),
        ...gradients(trace, values, 'arrives'),
      ];
    case 'reduce-add':
      return [weights, ...gradients(trace, values, 'present'), ...sum(trace, values, 'arrives')];
    case 'optimizer-step': {
      const step = eventsOf(trace, 'optimizer-step')[0];
      const updated: StageObject = {
        ...weights,
        ...(values.weightAfter === undefined ? {} : { value: values.weightAfter }),
        ...(values.weightBefore === undefined ? {} : { before: values.weightBefore }),
        ...(step ? { eventId: step.id } : {}),
      };
      const grads = trace.plan.shortcut ? gradients(trace, values, 'present') : sum(trace, values, 'present');
      return [updated, ...grads];
    }
  }
}

function resultOf(phase: Phase, values: PhaseValues): string | undefined {
  if (phase === 'loss' && values.loss !== undefined) return `loss = ${values.loss.toPrecision(4)}`;
  if (phase === 'optimizer-step' && values.weightAfter !== undefined && values.weightBefore !== undefined) {
    return `${values.weightName ?? 'w'} ${values.weightBefore.toPrecision(4)} → ${values.weightAfter.toPrecision(4)}`;
  }
  return undefined;
}

/** What the stage draws during `phase` of a DataParallel step: objects per GPU and their moves. */
export function dpPhaseView(trace: StepTrace, phase: Phase, values: PhaseValues = {}): PhaseView<Phase> {
  const skipped = eventsOf(trace, phase).some((event) => event.kind === 'skipped');
  const view: PhaseView<Phase> = {
    phase,
    collective: skipped ? 'skipped' : COLLECTIVES[phase],
    devices: trace.devices,
    outputDevice: outputDeviceOf(trace),
    idle: trace.plan.idleGpus,
    objects: objectsOf(trace, phase, values),
    moves: moves(trace, phase, values),
  };
  const result = resultOf(phase, values);
  if (result !== undefined) view.result = result;
  return view;
}
