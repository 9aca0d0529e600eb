import { useMemo, useRef } from 'react';
import { PLANAR_EXTENT } from '../../src/data/registry';
import { memoryTotal } from '../../src/dp/memory';
import type { Phase } from '../../src/dp/phase';
import type { Dataset } from '../../src/train/engine';
import type { ShownStep } from '../store/runSlice';
import { activity } from './activity';
import { CardExtras } from './CardExtras';
import { GpuCard } from './GpuCard';
import { cardPlot, stageLayout } from './layout';
import { SampleMarks } from './SampleMarks';
import { sampleMarks } from './samples';
import { Transfers } from './Transfers';
import { useTokenMotion } from './useTokenMotion';

type Props = { shown: ShownStep; phase: Phase; train: Dataset; narrow: boolean };

/** The animated step: the batch on GPU 0 at the top, one card per logical GPU, tokens for every copy. */
export function Stage({ shown, phase, train, narrow }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  const { trace, report } = shown;
  const { plan } = trace;
  const detail = report.detail;
  const layout = useMemo(() => stageLayout(plan.gpus, narrow), [plan.gpus, narrow]);
  const plots = useMemo(() => layout.cards.map(cardPlot), [layout]);
  const marks = useMemo(
    () =>
      sampleMarks(
        detail?.chunkRows ?? [],
        train.features === 2 ? { x: train.x, extent: PLANAR_EXTENT } : null,
        layout.batch,
        plots,
      ),
    [detail, train, layout, plots],
  );
  const memoryScale = useMemo(
    () => Math.max(1, ...plan.memory.gpus.flatMap((gpu) => Object.values(gpu.byPhase).map(memoryTotal))),
    [plan],
  );
  const scatterTiming = useMemo(() => {
    if (phase !== 'scatter') return null;
    const timing = new Map<number, { start: number; duration: number }>();
    for (const event of trace.events) {
      if (event.phase === 'scatter')
        timing.set(event.device, { start: event.start, duration: event.duration });
    }
    return timing;
  }, [phase, trace]);

  useTokenMotion(svg, `${phase}|${shown.index}|${narrow}|${plan.gpus}`);

  const loss = detail?.loss ?? report.loss;
  return (
    <svg
      ref={svg}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      className="stage-svg"
      role="img"
      aria-label={`Stage: step ${shown.index + 1} on ${plan.gpus} ${plan.gpus === 1 ? 'GPU' : 'GPUs'}`}
    >
      <rect {...layout.batch} rx={10} className="batch-frame" />
      <text x={layout.batch.x + 12} y={layout.batch.y + 22} className="batch-title">
        Batch x on cuda:0
      </text>
      <text x={layout.batch.x + 12} y={layout.batch.y + 42} className="batch-caption">
        {plan.batch} {plan.batch === 1 ? 'sample' : 'samples'}
        {marks.length < plan.batch ? ` (first ${marks.length} drawn)` : ''}
      </text>
      {layout.cards.map((card, device) => (
        <GpuCard
          // biome-ignore lint/suspicious/noArrayIndexKey: a card's identity is its device index
          key={device}
          device={device}
          card={card}
          plan={plan}
          phase={phase}
          memoryScale={memoryScale}
          activity={activity(trace, phase, device)}
        >
          <CardExtras
            trace={trace}
            phase={phase}
            device={device}
            card={card}
            detail={detail}
            weight={shown.weight}
            loss={loss}
          />
        </GpuCard>
      ))}
      <SampleMarks
        marks={marks}
        train={train}
        scatterTiming={scatterTiming}
        batchBox={layout.batch}
        plots={plots}
        chunkCounts={plan.chunkSizes}
      />
      <Transfers trace={trace} phase={phase} cards={layout.cards} detail={detail} />
    </svg>
  );
}
