/**
 * "Bring the run to step k for these settings" (k omitted: the step the run is at), reusing what it can:
 * - the same trajectory (data, model, optimizer, batch, seed — only the GPU count differs) and a known
 *   state at k: the engine is cut into the new number of GPUs and the state is written back, no step
 *   is recomputed;
 * - the same trajectory and a known state before k: the steps in between are replayed from it;
 * - otherwise the steps are replayed from the seed.
 * Replays run on the CPU engine (the fastest for these small models, no per-step read-backs to wait
 * for), streaming `progress` and `replay` events, and the state is then handed to the running engine.
 * When WebGPU is still compiling its kernels, the CPU engine runs meanwhile and the caller gets the
 * pending WebGPU engine to hand over to when it is ready.
 */
import type { EngineInfo } from '../train/createEngine';
import type { Engine } from '../train/engine';
import { createTrainer, type Trainer, type TrainerStep } from '../train/trainer';
import type { EngineHost } from './engineHost';
import type { ConfigureReuse, RanWith, StepReport, TrainingResponse, TrainingSettings } from './protocol';
import { FLUSH_MS } from './runLoop';
import {
  captureRunState,
  createStateLog,
  dataKey,
  restoreRunState,
  trainerAt,
  trajectoryKey,
} from './runState';
import { type Lineage, openSession, planRun, type Session, type SessionDeps } from './session';

/** Thrown when a newer `configure` arrived: this one gives up between two replayed steps. */
export class Superseded extends Error {
  constructor() {
    super('a newer configuration replaced this one');
    this.name = 'Superseded';
  }
}

export type ConfigureContext = {
  host: EngineHost;
  deps: SessionDeps;
  post: (message: TrainingResponse) => void;
  /** Whether a newer configure arrived. */
  superseded: () => boolean;
  onLost: (reason: string) => void;
  now: () => number;
  yieldToEvents: () => Promise<void>;
  /**
   * How long to wait for WebGPU's configuration before letting the CPU stand in (default 30 ms when its
   * kernels must compile, 250 ms when they are compiled and only buffers are made).
   */
  gpuGraceMs?: number;
};

export type Configured = {
  session: Session;
  reuse: ConfigureReuse;
  /** WebGPU, still compiling: hand the session over to it when this resolves. */
  pendingGpu: { ready: Promise<Engine>; info: EngineInfo } | null;
};

/** A finished step as the page sees it, with the settings it ran with. */
export function reportOf(outcome: Extract<TrainerStep, { kind: 'stepped' }>, settings: RanWith): StepReport {
  const { kind: _kind, ...report } = outcome;
  return { ...report, settings };
}

/** Replays keep about this many accuracy points, however long (scoring is the costly part). */
const REPLAY_ACCURACY_POINTS = 50;

/** What the CPU shows while WebGPU compiles. */
export const STAND_IN_REASON = 'WebGPU is compiling its kernels';

/** Resolves to the value, or to `undefined` when `ms` pass first (a rejection stays a rejection). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([
    promise,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms)),
  ]);
}

/** Steps `trainer` to `target`, streaming its reports; stops early (and says so) on divergence. */
async function replayTo(trainer: Trainer, target: number, ranWith: RanWith, ctx: ConfigureContext) {
  let reports: StepReport[] = [];
  let flushed = ctx.now();
  const flush = (): void => {
    if (reports.length > 0) ctx.post({ type: 'progress', id: null, reports });
    reports = [];
    ctx.post({ type: 'replay', id: null, done: trainer.stepCount, total: target });
  };
  if (trainer.stepCount < target) flush();
  while (trainer.stepCount < target) {
    const outcome = await trainer.step();
    if (outcome.kind === 'diverged') {
      flush();
      const { step, restoredStep, message } = outcome;
      ctx.post({ type: 'diverged', id: null, step, restoredStep, message });
      return;
    }
    reports.push(reportOf(outcome, ranWith));
    if (ctx.now() - flushed >= FLUSH_MS) {
      flush();
      await ctx.yieldToEvents();
      if (ctx.superseded()) throw new Superseded();
      flushed = ctx.now();
    }
  }
  if (reports.length > 0) flush();
}

/**
 * Configure a session for `settings` at `step` completed steps, from `previous` (and the trainer still
 * running it, `live`) when it can.
 * @throws Superseded when a newer configure arrived meanwhile; RangeError for bad settings.
 */
export async function configureRun(
  settings: TrainingSettings,
  requestedStep: number | undefined,
  previous: Lineage | null,
  live: Trainer | null,
  ctx: ConfigureContext,
): Promise<Configured> {
  const { host } = ctx;
  const sameData = previous !== null && dataKey(previous.settings) === dataKey(settings);
  const plan = await planRun(settings, ctx.deps, sameData ? previous.data : undefined);
  if (ctx.superseded()) throw new Superseded();
  const key = trajectoryKey({ ...settings, model: plan.config.model });
  const states = previous?.states.key === key ? previous.states : createStateLog(key);
  let here = 0;
  const known = requestedStep === undefined ? undefined : states.nearest(requestedStep);
  if (previous?.states.key === key && live !== null && known?.step !== requestedStep) {
    // Where the previous session stands is a state of this trajectory too (not read back when the
    // step asked for is remembered already: a slider move goes back to the shown step's state).
    const now = await captureRunState(live).catch(() => undefined);
    if (now !== undefined) states.remember(now);
    here = now?.step ?? 0;
  }
  // No step asked: stay where the run is (same trajectory) or start at 0.
  const step = requestedStep ?? here;
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`step must be an integer ≥ 0, got ${step}`);
  const start = states.nearest(step);

  // The engine is chosen (a first WebGPU device acquired) while the CPU replays; WebGPU is configured
  // once the replay is done, so its first compiles do not slow the replay down on a machine with few
  // cores (the CPU stands in when WebGPU is not ready within the grace period).
  const grace = ctx.gpuGraceMs ?? (host.compiledFor(plan.config) ? 250 : 30);
  const choosing = host.choose(settings.engine ?? 'auto');
  choosing.catch(() => undefined);

  // Bring the CPU engine to the step: from a known state when there is one, else from the seed. In
  // DataParallel it replays on one logical GPU: the gradient is the whole batch's however it is split
  // (to float rounding), and one GPU spares the copies between them. DDP's averaged gradient depends on
  // the split (each rank's own mean), so DDP replays on its real ranks.
  const cpu = await host.cpu();
  const replayOn = plan.config.mode === 'ddp' ? plan.config : { ...plan.config, gpus: 1 };
  await cpu.configure(replayOn);
  const accuracyEvery = plan.trainerOptions.accuracyEvery ?? 0;
  const replayer = await createTrainer({
    ...plan.trainerOptions,
    engine: cpu,
    accuracyEvery:
      accuracyEvery === 0
        ? 0
        : accuracyEvery *
          Math.max(1, Math.ceil((step - (start?.step ?? 0)) / (REPLAY_ACCURACY_POINTS * accuracyEvery))),
  });
  if (start) await restoreRunState(replayer, start);
  const from = replayer.stepCount;
  await replayTo(replayer, step, plan.ranWith, ctx);
  const reached = await captureRunState(replayer);
  const reuse: ConfigureReuse = { kind: from === step ? 'restored' : 'replayed', from };
  const choice = await choosing;
  const gpu =
    choice.engine.kind === 'webgpu'
      ? host.configureGpu(choice.engine, plan.config).then(() => choice.engine)
      : null;
  gpu?.catch(() => undefined);

  const onEngine = async (engine: Engine, info: EngineInfo): Promise<Session> => {
    if (engine === cpu) await cpu.configure(plan.config);
    const trainer = await trainerAt({ ...plan.trainerOptions, engine }, reached);
    return openSession({ plan, trainer, info, states, onLost: ctx.onLost });
  };
  if (gpu === null) return { session: await onEngine(cpu, choice.info), reuse, pendingGpu: null };
  const failed = (error: unknown): EngineInfo => ({
    kind: cpu.kind,
    label: cpu.label,
    reason: `WebGPU failed to set up this model: ${error instanceof Error ? error.message : String(error)}`,
  });
  try {
    // Asked for WebGPU by name (tests, the benchmark): wait for it rather than stand in with the CPU.
    const ready = settings.engine === 'webgpu' ? await gpu : await within(gpu, grace);
    if (ready !== undefined) return { session: await onEngine(ready, choice.info), reuse, pendingGpu: null };
  } catch (error) {
    return { session: await onEngine(cpu, failed(error)), reuse, pendingGpu: null };
  }
  const standIn: EngineInfo = { kind: cpu.kind, label: cpu.label, reason: STAND_IN_REASON, standIn: true };
  return { session: await onEngine(cpu, standIn), reuse, pendingGpu: { ready: gpu, info: choice.info } };
}
