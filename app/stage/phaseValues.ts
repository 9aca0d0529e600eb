import type { PhaseValues } from '../../src/dp/phaseView';
import type { ShownStep } from '../store/runSlice';

/** The real numbers of the shown step the stage can draw: the engine's detail and the 1-GPU comparison. */
export function phaseValues(shown: ShownStep): PhaseValues {
  const { report, comparison, weight, trace } = shown;
  const detail = report.detail;
  const values: PhaseValues = {};
  const loss = detail?.loss ?? report.loss;
  if (loss !== undefined) values.loss = loss;
  if (detail) {
    values.replicaGrads = detail.replicaGrads;
    values.summedGrad = detail.summedGrad;
    const before = detail.replicaParams[0]?.[weight];
    if (before !== undefined) values.weightBefore = before;
    if (detail.weightAfter !== undefined) values.weightAfter = detail.weightAfter;
  }
  if (comparison) {
    values.singleGrad = comparison.grad.single;
    values.maxAbsDiff =
      trace.plan.lossPlacement === 'inside-forward'
        ? comparison.maxAbsDiff.insideForward
        : comparison.maxAbsDiff.gathered;
  }
  return values;
}
