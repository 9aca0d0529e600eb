/**
 * The DistributedDataParallel trace of the shown step, for the views docked beside the stage: built
 * from the settings the step ran with (never the page's current ones), with the engine's measured
 * DDP phase times merged in. A step that ran as DataParallel has none — its views read `shown.trace`.
 */
import { buildDdpTrace, type DdpTrace } from '../../src/dp/ddpTrace';
import { withMeasured } from '../../src/dp/measured';
import type { StepReport } from '../../src/worker/protocol';
import type { Store } from '../store/store';
import { useStore } from '../store/store';

const built = new WeakMap<StepReport, DdpTrace | undefined>();

/** The DDP trace of a step that ran in `ddp` mode; `undefined` for a DataParallel step. */
export function ddpTraceOf(report: StepReport): DdpTrace | undefined {
  if (report.settings.mode !== 'ddp') return undefined;
  if (built.has(report)) return built.get(report);
  const { gpus, model, optimizer } = report.settings;
  const result = buildDdpTrace({
    gpusPerNode: gpus,
    globalBatch: report.rows,
    batchPerRank: report.rows,
    model,
    optimizer: optimizer.kind,
  });
  const trace = result.ok
    ? report.measuredMs
      ? withMeasured(result.value, report.measuredMs)
      : result.value
    : undefined;
  built.set(report, trace);
  return trace;
}

const selectReport = (state: Store) => state.shown?.report;

/** The shown step's DDP trace, or `undefined` when the shown step ran as DataParallel (or none is shown). */
export function useShownDdpTrace(): DdpTrace | undefined {
  const report = useStore(selectReport);
  return report ? ddpTraceOf(report) : undefined;
}
