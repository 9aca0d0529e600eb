import { useMemo } from 'react';
import type { Phase } from '../../src/dp/phase';
import { PHASE_TITLES } from '../../src/dp/phase';
import { dpPhaseView } from '../../src/dp/phaseView';
import type { ShownStep } from '../store/runSlice';
import { phaseValues } from './phaseValues';
import { StageDrawing } from './StageDrawing';

type Props = { shown: ShownStep; phase: Phase /** The stage box's width in CSS pixels. */; width: number };

/** The DataParallel step on the stage: its phase view, played by the store's cursor. */
export function Stage({ shown, phase, width }: Props) {
  const { trace } = shown;
  const { plan } = trace;
  const view = useMemo(() => dpPhaseView(trace, phase, phaseValues(shown)), [trace, phase, shown]);
  const rows = useMemo(
    () =>
      Array.from({ length: plan.gpus }, (_, device): [number, number] | undefined => {
        const chunk = plan.chunks[device];
        return chunk ? [chunk.start, chunk.end] : undefined;
      }),
    [plan],
  );
  const gpus = `${plan.gpus} ${plan.gpus === 1 ? 'GPU' : 'GPUs'}`;
  return (
    <StageDrawing
      view={view}
      label={`Stage: step ${shown.index + 1}, ${PHASE_TITLES[phase]}, on ${gpus}`}
      width={width}
      rows={rows}
      paint={trace}
      paintKey={`${phase}|${shown.index}`}
    />
  );
}
