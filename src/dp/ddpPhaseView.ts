/**
 * The DistributedDataParallel phase view: per phase of a DDP trace, which tensors each rank holds and
 * how they move, in the same vocabulary as DataParallel's `dpPhaseView` (`phaseViewTypes.ts`), so the
 * stage paints DDP through the same painter. No scatter and no gather: each rank loads its own chunk,
 * the all-reduce is `ring` moves round by round, and every rank ends with the average and steps.
 */
import type { DdpConstructionPhase, DdpPhase } from './ddpPlan';
import type { DdpTrace } from './ddpTrace';
import type { TraceEvent } from './event';
import type { Collective, PhaseView, StageMove, StageObject } from './phaseViewTypes';

type AnyPhase = DdpPhase | DdpConstructionPhase;

/** The real numbers a DDP phase view can carry (the engine's `DdpStepDetail` fits). */
export type DdpViewValues = {
  rankLosses?: readonly (number | null)[];
  localGrads?: readonly number[];
  ringStart?: readonly number[];
  ringValues?: readonly (readonly number[])[];
  averagedGrads?: readonly number[];
  fullBatchGrad?: number;
  largestDifferenceFromFullBatch?: number;
  ranksIdentical?: boolean;
};

const COLLECTIVES: Record<AnyPhase, Collective> = {
  'construction-broadcast': 'broadcast',
  forward: 'compute',
  'backward-all-reduce': 'all-reduce',
  'optimizer-step': 'compute',
};

function withValue<T extends StageObject>(object: T, value: number | null | undefined): T {
  return value === undefined || value === null ? object : { ...object, value };
}

function ranks(trace: DdpTrace): number[] {
  return Array.from({ length: trace.plan.ranks }, (_, rank) => rank);
}

function rankRows(trace: DdpTrace, rank: number): [number, number] {
  let start = 0;
  for (let r = 0; r < rank; r++) start += trace.plan.rowsPerRank[r] ?? 0;
  return [start, start + (trace.plan.rowsPerRank[rank] ?? 0)];
}

function weights(trace: DdpTrace, rank: number, eventId?: string): StageObject {
  return {
    id: `weights:gpu${rank}`,
    kind: 'weights',
    device: rank,
    // The card names the rank (GPU k is rank k); a narrow card keeps the block's name whole.
    name: 'model',
    shape: [trace.plan.parameterCount],
    life: eventId === undefined ? 'present' : 'arrives',
    ...(eventId === undefined ? {} : { eventId }),
  };
}

/** Each busy rank's own chunk: loaded by the rank itself, never scattered from GPU 0. */
function chunks(trace: DdpTrace): StageObject[] {
  return ranks(trace)
    .filter((rank) => !trace.plan.idleRanks.includes(rank))
    .map((rank) => {
      const rows = rankRows(trace, rank);
      return {
        id: `chunk:gpu${rank}`,
        kind: 'chunk',
        device: rank,
        name: `x[${rows[0]}:${rows[1]}]`,
        shape: [rows[1] - rows[0], trace.plan.features],
        rows,
        life: 'present',
      };
    });
}

function eventsOf(trace: DdpTrace, phase: AnyPhase): TraceEvent<AnyPhase>[] {
  return phase === 'construction-broadcast'
    ? trace.construction
    : trace.events.filter((event) => event.phase === phase);
}

function gradients(trace: DdpTrace, values: DdpViewValues, life: 'present' | 'arrives'): StageObject[] {
  return ranks(trace).map((rank) =>
    withValue(
      {
        id: `grad:gpu${rank}`,
        kind: 'gradients',
        device: rank,
        name: 'grad',
        shape: [trace.plan.parameterCount],
        life: life === 'arrives' && !trace.plan.idleRanks.includes(rank) ? 'arrives' : 'present',
        ...(life === 'arrives' && !trace.plan.idleRanks.includes(rank)
          ? { eventId: `backward-all-reduce:rank${rank}` }
          : {}),
      },
      values.localGrads?.[rank],
    ),
  );
}

/** The averaged gradient on every rank, arriving with the rank's last ring round. */
function averages(trace: DdpTrace, values: DdpViewValues, life: 'present' | 'arrives'): StageObject[] {
  const ring = trace.events.filter((event) => event.kind === 'all-reduce');
  return ranks(trace).map((rank) => {
    const last = ring.filter((event) => event.device === rank).at(-1);
    const object: StageObject = {
      id: `sum:gpu${rank}`,
      kind: 'sum',
      device: rank,
      name: 'mean grad',
      shape: [trace.plan.parameterCount],
      life: life === 'arrives' && last ? 'arrives' : 'present',
      ...(life === 'arrives' && last ? { eventId: last.id } : {}),
    };
    const value = values.averagedGrads?.[rank];
    const withReference =
      values.fullBatchGrad === undefined
        ? object
        : {
            ...object,
            reference: {
              label: "DataParallel's gradient",
              value: values.fullBatchGrad,
              ...(values.largestDifferenceFromFullBatch === undefined
                ? {}
                : { maxAbsDiff: values.largestDifferenceFromFullBatch }),
            },
          };
    return withValue(withReference, value);
  });
}

/**
 * Each rank's bucket entry for the followed weight after ring round `round` (−1: before the ring, the
 * rank's own gradient ÷ N); after the last round it is the average, the same on every rank.
 */
function buckets(trace: DdpTrace, values: DdpViewValues, round: number): StageObject[] {
  const last = (values.ringValues?.length ?? 0) - 1;
  if (round >= 0 && round === last) return averages(trace, values, 'present');
  return ranks(trace).map((rank) =>
    withValue(
      {
        id: `sum:gpu${rank}`,
        kind: 'sum',
        device: rank,
        name: round < 0 ? 'grad ÷ N' : 'bucket',
        shape: [trace.plan.parameterCount],
        life: 'present',
      } satisfies StageObject,
      round < 0 ? values.ringStart?.[rank] : values.ringValues?.[round]?.[rank],
    ),
  );
}

function objectsOf(
  trace: DdpTrace,
  phase: AnyPhase,
  values: DdpViewValues,
  round: number | undefined,
): StageObject[] {
  const all = ranks(trace);
  switch (phase) {
    case 'construction-broadcast':
      return all.map((rank) =>
        weights(trace, rank, rank === 0 ? undefined : `construction-broadcast:rank${rank}`),
      );
    case 'forward':
      return [
        ...chunks(trace),
        ...all.map((rank) => weights(trace, rank)),
        ...eventsOf(trace, 'forward').map((event) =>
          withValue(
            {
              id: `loss:gpu${event.device}`,
              kind: 'loss',
              device: event.device,
              name: 'loss',
              shape: [],
              life: 'arrives',
              eventId: event.id,
            } satisfies StageObject,
            values.rankLosses?.[event.device],
          ),
        ),
      ];
    case 'backward-all-reduce':
      return [
        ...all.map((rank) => weights(trace, rank)),
        ...gradients(trace, values, round === undefined ? 'arrives' : 'present'),
        ...(round === undefined ? averages(trace, values, 'arrives') : buckets(trace, values, round)),
      ];
    case 'optimizer-step':
      return [
        ...all.map((rank) => ({ ...weights(trace, rank), eventId: `optimizer-step:rank${rank}` })),
        ...averages(trace, values, 'present'),
      ];
  }
}

function moveOf(event: TraceEvent<AnyPhase>): StageMove {
  const base = { eventId: event.id, from: event.peer ?? event.device, to: event.device };
  switch (event.phase) {
    case 'construction-broadcast':
      return { ...base, kind: 'fan-out', objectId: `weights:gpu${event.device}`, label: 'weights, once' };
    case 'forward':
      return { ...base, kind: 'compute', objectId: `loss:gpu${event.device}`, label: 'forward + loss' };
    case 'backward-all-reduce': {
      if (event.kind === 'compute') {
        return { ...base, kind: 'compute', objectId: `grad:gpu${event.device}`, label: 'backward' };
      }
      // Short: one token per rank rides the lane at once; the partial sums are on the ranks' buckets.
      const label = `s${event.segment ?? 0}`;
      return {
        ...base,
        kind: event.peer === undefined ? 'stay' : 'ring',
        objectId: `sum:gpu${event.device}`,
        label,
      };
    }
    case 'optimizer-step':
      return { ...base, kind: 'compute', objectId: `weights:gpu${event.device}`, label: 'step' };
  }
}

/**
 * What the stage draws during `phase` of a DDP step. `round` narrows the all-reduce's moves to one ring
 * round (the stage plays the ring round by round); omit it for the whole phase.
 */
export function ddpPhaseView(
  trace: DdpTrace,
  phase: AnyPhase,
  values: DdpViewValues = {},
  round?: number,
): PhaseView<AnyPhase> {
  const events = eventsOf(trace, phase).filter(
    (event) => round === undefined || event.kind !== 'all-reduce' || event.round === round,
  );
  const view: PhaseView<AnyPhase> = {
    phase,
    collective: COLLECTIVES[phase],
    devices: trace.devices,
    // DDP has no output device: every rank holds its own loss and the same averaged gradient.
    outputDevice: null,
    idle: trace.plan.idleRanks,
    objects: objectsOf(trace, phase, values, round),
    moves: events.map(moveOf),
  };
  if (phase === 'optimizer-step' && values.ranksIdentical !== undefined) {
    view.result = values.ranksIdentical ? `all ${trace.plan.ranks} ranks identical ✓` : 'ranks differ ✗';
  }
  return view;
}
