/**
 * The timing model of one DataParallel step: when each event starts and how long it takes on a
 * hardware preset, in modeled milliseconds.
 *
 * What makes DataParallel scale badly is written into the rules, phase by phase:
 * - one Python process drives every GPU: replicate builds each replica's modules in a Python loop, and
 *   `parallel_apply`'s threads take turns under the GIL to launch their kernels, so host work grows
 *   with the replica count;
 * - scatter, gather and the output-gradient slices all go through GPU 0's one link, one after another;
 * - the weights are broadcast to every replica and the gradients reduced back on every step.
 * Backward is the exception: autograd runs each device's backward on its own C++ thread, outside the GIL.
 */
import type { DeviceWork, EventDraft, ModeledTime } from '../dp/event';
import type { Phase } from '../dp/phase';
import type { StepPlan } from '../dp/plan';
import { paramLayout } from '../nn/spec';
import { computeMs, pipelinedCollectiveMs, transferMs } from './links';
import type { HardwarePreset } from './presets';
import {
  activationBytes,
  F32_BYTES,
  LOSS_KERNELS,
  lossFlops,
  type OptimizerKind,
  optimizerWork,
} from './work';

type Draft = EventDraft<Phase>;
type Times = Map<string, ModeledTime>;

/** A modeled step: every event's placement and the step's length. */
export type ModeledStep = { times: Times; stepMs: number };

/**
 * One optimizer step over `params` values: a handful of Python calls (the foreach kernels and the
 * loop over parameter groups) against memory-bound kernels, whichever is longer.
 */
export function optimizerStepMs(kind: OptimizerKind, params: number, preset: HardwarePreset): number {
  const work = optimizerWork(kind, params);
  const pythonMs = (work.kernels + 3) * preset.host.pythonOpMs;
  return Math.max(
    pythonMs,
    preset.host.kernelLaunchMs + computeMs(work.flops, work.bytes, work.kernels, preset),
  );
}

/** Modules `replicate` copies per replica: the Sequential, each Linear and each activation. */
function moduleCount(plan: StepPlan): number {
  return 2 * (plan.model.layers.length - 1);
}

/** Schedules copies that share GPU 0's link: each starts when issued and when the link is free. */
function serialCopies(drafts: Draft[], issueAt: number, preset: HardwarePreset, times: Times): number {
  let linkFree = issueAt;
  let end = issueAt;
  for (const [j, draft] of drafts.entries()) {
    const startMs = Math.max(issueAt + j * preset.host.kernelLaunchMs, linkFree);
    const ms = transferMs(draft.bytes, preset.gpuLink);
    times.set(draft.id, { startMs, ms });
    linkFree = startMs + ms;
    end = Math.max(end, linkFree);
  }
  return end;
}

/** Places every draft of one phase that starts at `t0`; returns when the phase ends. */
function modelPhase(
  phase: Phase,
  drafts: Draft[],
  t0: number,
  plan: StepPlan,
  preset: HardwarePreset,
  times: Times,
): number {
  const { host } = preset;
  const layout = paramLayout(plan.model);
  const transfers = drafts.filter((draft) => draft.kind === 'transfer');
  const local = drafts.find((draft) => draft.kind === 'in-place');
  /** Places an event; `device` is the GPU's own work inside it when host time surrounds it. */
  const place = (draft: Draft | undefined, startMs: number, ms: number, device?: DeviceWork): number => {
    if (draft) times.set(draft.id, device ? { startMs, ms, device } : { startMs, ms });
    return startMs + ms;
  };
  const noDeviceWork = (startMs: number): DeviceWork => ({ startMs, ms: 0 });
  const kernelTime = (draft: Draft, bytes: number): number =>
    host.kernelLaunchMs + computeMs(draft.flops ?? 0, bytes, draft.kernels, preset);

  if (drafts.some((draft) => draft.kind === 'skipped')) {
    for (const draft of drafts) place(draft, t0, 0);
    return t0;
  }
  switch (phase) {
    case 'scatter':
    case 'gather': {
      const call = t0 + host.pythonOpMs;
      const ownCopy = phase === 'gather' && local ? computeMs(0, 2 * local.bytes, 1, preset) : 0;
      // GPU 0's own chunk is a view (no work); its own outputs are copied into the gathered tensor.
      const localEnd = place(local, t0, host.pythonOpMs + ownCopy, { startMs: call, ms: ownCopy });
      return Math.max(localEnd, serialCopies(transfers, call, preset, times));
    }
    case 'replicate': {
      const pythonMs = host.pythonOpMs + moduleCount(plan) * plan.replicas * host.moduleReplicateMs;
      const broadcastMs =
        host.pythonOpMs + pipelinedCollectiveMs(plan.parameterBytes, plan.replicas, preset.gpuLink);
      // A replica is ready when its weights have arrived and Python has finished building its modules.
      const ready = Math.max(pythonMs, broadcastMs);
      const broadcast = { startMs: t0 + host.pythonOpMs, ms: broadcastMs - host.pythonOpMs };
      for (const draft of transfers) place(draft, t0, ready, broadcast);
      // Replica 0 shares the originals' storage: Python builds its modules, the GPU does nothing.
      return Math.max(place(local, t0, pythonMs, noDeviceWork(t0)), transfers.length > 0 ? t0 + ready : t0);
    }
    case 'forward': {
      let gilFree = t0;
      let end = t0;
      for (const draft of drafts) {
        const i = draft.lane.order;
        const threadStart = plan.shortcut ? t0 : t0 + i * host.threadMs;
        const dispatchStart = Math.max(plan.shortcut ? t0 : threadStart + host.threadMs, gilFree);
        const dispatchMs = draft.kernels * host.pythonOpMs;
        gilFree = dispatchStart + dispatchMs;
        const rows = draft.rows ? draft.rows[1] - draft.rows[0] : 0;
        const bytes = activationBytes(layout, rows);
        const deviceEnd = dispatchStart + kernelTime(draft, bytes);
        const deviceMs = computeMs(draft.flops ?? 0, bytes, draft.kernels, preset);
        const finish = Math.max(gilFree, deviceEnd);
        const device = { startMs: deviceEnd - deviceMs, ms: deviceMs };
        end = Math.max(end, place(draft, threadStart, finish - threadStart, device));
      }
      return end;
    }
    case 'loss': {
      const draft = drafts[0];
      if (!draft) return t0;
      const bytes = 2 * plan.batch * plan.classes * F32_BYTES;
      const deviceMs = computeMs(draft.flops ?? 0, bytes, draft.kernels, preset);
      const ms = Math.max(draft.kernels * host.pythonOpMs, kernelTime(draft, bytes));
      return place(draft, t0, ms, { startMs: t0 + host.kernelLaunchMs, ms: deviceMs });
    }
    case 'optimizer-step': {
      const work = optimizerWork(plan.optimizer, plan.parameterCount);
      const deviceMs = computeMs(work.flops, work.bytes, work.kernels, preset);
      const ms = optimizerStepMs(plan.optimizer, plan.parameterCount, preset);
      return place(drafts[0], t0, ms, { startMs: t0 + host.kernelLaunchMs, ms: deviceMs });
    }
    case 'backward': {
      const inside = plan.lossPlacement === 'inside-forward';
      // `loss.backward()` first runs the loss's own backward on GPU 0, then gather's backward slices.
      const lossBackwardMs =
        plan.shortcut || inside ? 0 : computeMs(lossFlops(plan.batch, plan.classes), 0, LOSS_KERNELS, preset);
      const slicesAt = t0 + host.pythonOpMs + lossBackwardMs;
      const slices = drafts.filter((draft) => draft.lane.stage === 0 && draft.lane.stages === 2);
      // GPU 0's own slice of the output gradient is a view: no device work.
      place(
        slices.find((draft) => draft.kind === 'in-place'),
        slicesAt,
        host.kernelLaunchMs,
        noDeviceWork(slicesAt),
      );
      serialCopies(
        slices.filter((draft) => draft.kind === 'transfer'),
        slicesAt,
        preset,
        times,
      );
      let end = slicesAt;
      for (const draft of drafts.filter((d) => d.kind === 'compute')) {
        const slice = times.get(`backward:slice:gpu${draft.device}`);
        const startMs = slice ? slice.startMs + slice.ms : slicesAt;
        const rows = draft.rows ? draft.rows[1] - draft.rows[0] : 0;
        const bytes = 2 * activationBytes(layout, rows);
        const ms = Math.max(draft.kernels * host.kernelLaunchMs, kernelTime(draft, bytes));
        const deviceMs = computeMs(draft.flops ?? 0, bytes, draft.kernels, preset);
        const device = { startMs: startMs + host.kernelLaunchMs, ms: deviceMs };
        end = Math.max(end, place(draft, startMs, ms, device));
      }
      return end;
    }
    case 'reduce-add': {
      // Each device flattens its gradients into 10 MiB buffers, NCCL reduces them onto GPU 0, and GPU 0
      // unflattens the sum into every parameter's `.grad`.
      const flattenMs = computeMs(0, 2 * plan.parameterBytes, 1, preset);
      const reduceMs = pipelinedCollectiveMs(plan.parameterBytes, plan.replicas, preset.gpuLink);
      // One AccumulateGrad kernel per parameter tensor (a weight and a bias per layer).
      const accumulateMs = computeMs(0, 2 * plan.parameterBytes, 2 * layout.slots.length, preset);
      for (const draft of transfers) place(draft, t0, flattenMs + reduceMs);
      return place(local, t0, flattenMs + reduceMs + accumulateMs);
    }
  }
}

/** Models every event of a DataParallel step on `preset`; phases run one after another. */
export function modelDpStep(plan: StepPlan, drafts: Draft[], preset: HardwarePreset): ModeledStep {
  const times: Times = new Map();
  const phases: Phase[] = [];
  for (const draft of drafts) if (!phases.includes(draft.phase)) phases.push(draft.phase);
  let t = 0;
  for (const phase of phases) {
    const inPhase = drafts.filter((draft) => draft.phase === phase);
    t = Math.max(t, modelPhase(phase, inPhase, t, plan, preset, times));
  }
  return { times, stepMs: t };
}
