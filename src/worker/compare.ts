/**
 * The live proof of DataParallel's correctness: one step's gradient on 1 GPU and on N GPUs, from the
 * same weights and the same rows, on scratch engines so the running training is left untouched (kept
 * between comparisons and sharing the running engine's device and compiled pipelines).
 * With the loss on the gathered batch they agree to float rounding for any split (even 4, 4, 2); with
 * the loss averaged inside each replica's forward they do not when the chunks are unequal.
 */
import { chunkSizes } from '../dp/chunk';
import { paramLayout } from '../nn/spec';
import type { Engine, EngineConfig, LossPlacement, StepDetail } from '../train/engine';
import type { Comparison } from './protocol';
import type { Session } from './session';

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

/** What each scratch engine was last configured with, so an unchanged one is not configured again. */
const configuredWith = new WeakMap<Engine, EngineConfig>();

const sameConfig = (a: EngineConfig, b: EngineConfig): boolean =>
  a.dataset === b.dataset &&
  JSON.stringify({ ...a, dataset: null }) === JSON.stringify({ ...b, dataset: null });

async function configureOnce(engine: Engine, config: EngineConfig): Promise<void> {
  const last = configuredWith.get(engine);
  if (last !== undefined && sameConfig(last, config)) return;
  configuredWith.delete(engine);
  await engine.configure(config);
  configuredWith.set(engine, config);
}

/**
 * Compare the next batch's gradient on 1 GPU with `gpus` GPUs (both loss placements), without updating,
 * on two scratch engines: `single` (kept on 1 GPU) and `split` (on `gpus`). Each is configured only
 * when its configuration changed; the weights are written into both every time.
 * @throws RangeError for a GPU count or weight index out of range.
 */
export async function compareGradients(
  session: Session,
  scratch: { single: Engine; split: Engine },
  gpus: number,
  weight: number,
): Promise<Comparison> {
  const { count } = paramLayout(session.config.model);
  if (!Number.isInteger(weight) || weight < 0 || weight >= count) {
    throw new RangeError(`weight must be a parameter index in 0..${count - 1}, got ${String(weight)}`);
  }
  const params = await session.trainer.engine.readParams();
  const rows = session.trainer.nextBatchRows();
  const gradientOn = async (n: number, lossPlacement: LossPlacement): Promise<StepDetail> => {
    const engine = n === 1 ? scratch.single : scratch.split;
    await configureOnce(engine, { ...session.config, gpus: n });
    await engine.writeParams(params, true);
    const result = await engine.step({
      rows,
      readLoss: true,
      lossPlacement,
      detail: { weight },
      update: false,
    });
    if (result.detail === undefined) throw new Error(`the ${engine.label} engine returned no step detail`);
    return result.detail;
  };
  const single = await gradientOn(1, 'gathered');
  const gathered = await gradientOn(gpus, 'gathered');
  const insideForward = await gradientOn(gpus, 'inside-forward');
  return {
    gpus,
    rows: rows.length,
    chunkSizes: chunkSizes(rows.length, gpus),
    weight,
    grad: {
      single: single.summedGrad,
      gathered: gathered.summedGrad,
      insideForward: insideForward.summedGrad,
    },
    maxAbsDiff: {
      gathered: maxAbsDiff(gathered.gradient, single.gradient),
      insideForward: maxAbsDiff(insideForward.gradient, single.gradient),
    },
    loss: { single: single.loss, gathered: gathered.loss, insideForward: insideForward.loss },
  };
}
