import type { Phase } from '../../src/dp/phase';
import type { StepTrace } from '../../src/dp/trace';
import type { StepDetail } from '../../src/train/engine';
import { formatValue } from './format';
import type { Rect } from './layout';
import { gpuColour } from './palette';

type Props = {
  trace: StepTrace;
  phase: Phase;
  device: number;
  card: Rect;
  detail: StepDetail | undefined;
  weight: number;
  loss: number | undefined;
};

/** Inside a card: progress bars for compute and the real values that arrive when an event is done. */
export function CardExtras({ trace, phase, device, card, detail, weight, loss }: Props) {
  const events = trace.events.filter((event) => event.phase === phase && event.device === device);
  const compute = events.find((event) => event.kind === 'compute');
  const last = events.reduce((end, event) => Math.max(end, event.start + event.duration), 0);
  const reveal = (text: string) => (
    <text
      x={card.x + 10}
      y={card.y + 214}
      className="gpu-value"
      data-start={last}
      data-duration={0}
      data-reveal=""
      style={{ opacity: 0 }}
    >
      {text}
    </text>
  );
  let value: string | null = null;
  if (phase === 'replicate' && events.length > 0) {
    const w = detail?.replicaParams[device]?.[weight];
    value = w === undefined ? null : `w = ${formatValue(w)}`;
  } else if (phase === 'gather' && device === 0 && events.length > 0) {
    value = `outputs in order: ${trace.plan.batch} × ${trace.plan.classes}`;
  } else if (phase === 'loss' && device === 0 && loss !== undefined) {
    value = `loss = ${formatValue(loss)}`;
  } else if (phase === 'reduce-add' && device === 0 && detail) {
    value = `Σ g = ${formatValue(detail.summedGrad)}`;
  } else if (phase === 'backward' && detail && detail.replicaGrads[device] !== undefined) {
    value = `g = ${formatValue(detail.replicaGrads[device] ?? 0)}`;
  } else if (phase === 'optimizer-step' && device === 0) {
    value = 'weights updated';
  }
  const barWidth = card.width - 20;
  return (
    <>
      {compute ? (
        <g aria-hidden="true">
          <rect
            x={card.x + 10}
            y={card.y + 184}
            width={barWidth}
            height={8}
            rx={4}
            className="activity-track"
          />
          <rect
            x={card.x + 10}
            y={card.y + 184}
            width={0}
            height={8}
            rx={4}
            fill={gpuColour(device)}
            data-start={compute.start}
            data-duration={compute.duration}
            data-grow={barWidth}
          />
        </g>
      ) : null}
      {value ? reveal(value) : null}
    </>
  );
}
