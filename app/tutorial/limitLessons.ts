import { SCALING_MODELS } from '../../src/cost/models';
import { describeScaling } from '../../src/cost/scalingShape';
import { ddpScaling, dpScaling, type SpeedupPoint } from '../../src/cost/speedup';
import { formatBytes } from '../../src/dp/format';
import { PHASE_TITLES } from '../../src/dp/phase';
import type { Store } from '../store/store';
import type { OptimizerKind } from '../store/urlState';
import type { Lesson } from './lessonTypes';

/** The scaling panel's default view: the large model, 8× A100, its usual rows per GPU. */
const PANEL_MODEL = SCALING_MODELS.large;
const PANEL_PRESET = 'a100-nvlink';

type CurveFacts = { dp: SpeedupPoint[]; ddp: SpeedupPoint[]; tiny: SpeedupPoint[] };
const curves = new Map<OptimizerKind, CurveFacts | null>();

/** The modeled curves the scaling panel draws by default (computed once per optimizer). */
function curveFacts(optimizer: OptimizerKind): CurveFacts | null {
  if (!curves.has(optimizer)) {
    const config = { model: PANEL_MODEL.model, optimizer, batch: PANEL_MODEL.batchPerGpu };
    const dp = dpScaling(config, PANEL_PRESET);
    const ddp = ddpScaling(config, PANEL_PRESET, 2);
    const { model, batchPerGpu } = SCALING_MODELS.tiny;
    const tiny = dpScaling({ model, optimizer, batch: batchPerGpu }, PANEL_PRESET, 2);
    curves.set(
      optimizer,
      dp.ok && ddp.ok && tiny.ok ? { dp: dp.value, ddp: ddp.value, tiny: tiny.value } : null,
    );
  }
  return curves.get(optimizer) ?? null;
}

function speedupAt(points: readonly SpeedupPoint[], gpus: number): string {
  const point = points.find((p) => p.gpus === gpus);
  return point ? `${point.speedup.toFixed(2)}×` : '?';
}

function scalingNumbers(state: Store): string {
  const facts = curveFacts(state.optimizer);
  if (!facts) return '';
  const { dp } = facts;
  const size = /, ([^,)]+)\)$/.exec(PANEL_MODEL.label)?.[1] ?? 'many parameters';
  return `In the timing model, the Scaling panel's large model (${size}) on eight A100s, with ${PANEL_MODEL.batchPerGpu} samples per GPU, reaches a speed-up of ${speedupAt(dp, 2)} in samples per second over one plain GPU with 2 GPUs, ${speedupAt(dp, 4)} with 4 and ${speedupAt(dp, 8)} with 8. ${describeScaling(dp).sentence} These are modeled numbers, not measurements; the Scaling panel draws the whole curve.`;
}

function tinyNumbers(state: Store): string {
  const tiny = curveFacts(state.optimizer)?.tiny;
  if (!tiny) return '';
  const slower = (tiny[1]?.speedup ?? 1) < 1 ? ', slower than one GPU' : '';
  return `The playground's own tiny model gets ${speedupAt(tiny, 2)} with 2 GPUs${slower}: for a model that small, DataParallel is nearly all overhead.`;
}

function memoryNumbers(state: Store): string {
  const plan = state.shown?.trace.plan;
  const [gpu0, gpu1] = plan?.memory.gpus ?? [];
  if (!plan || !gpu0 || !gpu1) return 'The nvidia-smi panel shows what each GPU holds in every phase.';
  return `On the stage now (${plan.batch} samples on ${plan.gpus} GPUs), GPU 0 needs up to ${formatBytes(gpu0.peakBytes)}, during ${PHASE_TITLES[gpu0.peakPhase]}; GPU 1 needs up to ${formatBytes(gpu1.peakBytes)}. The nvidia-smi panel shows it phase by phase.`;
}

function oneNodeNumbers(state: Store): string {
  const facts = curveFacts(state.optimizer);
  const last = facts?.ddp[facts.ddp.length - 1];
  if (!facts || !last) return '';
  return `In the Scaling panel, DataParallel's curve stops at the eighth GPU of the first machine, and the second machine is greyed out for it. DistributedDataParallel carries on to ${last.gpus} GPUs on two machines (${last.speedup.toFixed(2)}× in the model).`;
}

/** Lessons 8–11: the four limitations, each pointed out on the page. */
export const LIMIT_LESSONS: readonly Lesson[] = [
  {
    id: 'single-process',
    title: 'Limitation 1: one process drives every GPU',
    highlight: ['timeline', 'stage'],
    setup: { gpus: 8, batch: 32, phase: 'forward' },
    blocks: [
      {
        kind: 'text',
        text: "DataParallel runs in one Python process. That process scatters the batch, copies the model, starts one thread per replica, waits for them, gathers the outputs and adds up the gradients. The threads take turns holding Python's global interpreter lock (the GIL) to launch their GPU work, so the more GPUs there are, the longer each waits for its turn.",
      },
      {
        kind: 'text',
        text: 'Look at the Timeline panel, modeled for real hardware: in Forward, the eight GPUs do not start together but one after another, and every copy in and out goes through GPU 0.',
      },
    ],
  },
  {
    id: 'scalability',
    title: 'Limitation 2: far from N times faster',
    highlight: ['scaling'],
    blocks: [
      {
        kind: 'text',
        text: 'Every step pays for copying the model to each GPU, sending the chunks out from GPU 0, and bringing outputs and gradients back to it — all driven by one Python process. In the curve below every GPU keeps the same number of samples, so each GPU computes as much as one GPU alone; what grows with every GPU you add is that traffic through GPU 0 and the host work of the single process.',
      },
      { kind: 'text', text: scalingNumbers },
      { kind: 'text', text: tinyNumbers },
    ],
  },
  {
    id: 'memory',
    title: 'Limitation 3: memory, and GPU 0 most of all',
    highlight: ['nvidia-smi'],
    // The digits model with Adam: GPU 0's extra load (optimizer state, the batch) is large enough to see.
    setup: { gpus: 4, batch: 10, phase: 'backward', dataset: 'digits', optimizer: 'adam' },
    blocks: [
      {
        kind: 'text',
        text: 'Every busy GPU holds a complete copy of the model. A model too big for one GPU is therefore too big for DataParallel too: more GPUs only make the chunks smaller, never the copies.',
      },
      {
        kind: 'text',
        text: "GPU 0 carries the most. Its replica shares the original weights' storage, so the weights count once; on top of its own chunk's work it keeps the optimizer state, the whole input batch (the loop moved `x` to `cuda:0` before calling the model), the gathered outputs, the loss and the summed gradients. That is why it runs out of memory first.",
      },
      { kind: 'text', text: memoryNumbers },
    ],
  },
  {
    id: 'one-node',
    title: 'Limitation 4: one machine only',
    highlight: ['scaling'],
    blocks: [
      {
        kind: 'text',
        text: 'DataParallel can only use the GPUs of the machine it runs on: its threads cannot reach a GPU inside another computer. Training across several machines (nodes) needs DistributedDataParallel, which runs a process per GPU and talks over the network.',
      },
      { kind: 'text', text: oneNodeNumbers },
    ],
  },
];
