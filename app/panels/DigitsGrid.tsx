import { useMemo } from 'react';
import { DIGIT_SIDE } from '../../src/data/digits';
import type { Dataset, StepDetail } from '../../src/train/engine';
import { gpuColour } from '../stage/palette';
import type { DigitPredictions } from './DigitPredictions';
import { type DigitThumb, digitGroups } from './DigitsBatch';

/** Thumbnails drawn per GPU; a batch of hundreds would bury the point under pixels. */
export const DIGITS_PER_GPU = 12;

function Thumb({ thumb }: { thumb: DigitThumb }) {
  const right = thumb.predicted === thumb.label;
  const guess = thumb.predicted === undefined ? 'no prediction' : `predicted ${thumb.predicted}`;
  const pixels: { i: number; value: number }[] = [];
  thumb.pixels.forEach((value, i) => {
    if (value > 0) pixels.push({ i, value });
  });
  return (
    <li className={right ? 'digit-thumb digit-right' : 'digit-thumb digit-wrong'}>
      <svg
        viewBox={`0 0 ${DIGIT_SIDE} ${DIGIT_SIDE}`}
        width={40}
        height={40}
        role="img"
        aria-label={`Row ${thumb.row}: a ${thumb.label}, ${guess}`}
      >
        <rect className="digit-paper" width={DIGIT_SIDE} height={DIGIT_SIDE} />
        {pixels.map(({ i, value }) => (
          <rect
            key={i}
            x={i % DIGIT_SIDE}
            y={Math.floor(i / DIGIT_SIDE)}
            width={1.02}
            height={1.02}
            fill="currentColor"
            fillOpacity={value}
          />
        ))}
      </svg>
      <span className="digit-caption" aria-hidden="true">
        {thumb.label} → {thumb.predicted ?? '?'} {right ? '✓' : '✗'}
      </span>
    </li>
  );
}

type Props = {
  train: Dataset;
  detail: Pick<StepDetail, 'chunkRows' | 'gathered'>;
  /** Logical GPUs in the step, idle ones included. */
  devices: number;
  /** The step the batch is from. */
  step: number;
  /** The model's predictions after a later step, when training has moved on (else the step's own). */
  latest?: DigitPredictions;
};

/** The shown batch as 8×8 thumbnails grouped by GPU, each with its label and the model's prediction. */
export function DigitsGrid({ train, detail, devices, step, latest }: Props) {
  const groups = useMemo(() => digitGroups(train, detail, DIGITS_PER_GPU, latest), [train, detail, latest]);
  const idle = Array.from({ length: Math.max(0, devices - groups.length) }, (_, i) => groups.length + i);
  const predictedAt = latest?.step ?? step;
  return (
    <div className="digits-grid" data-predictions-step={predictedAt} data-batch-step={step}>
      <p className="panel-caption">
        {latest
          ? `Step ${step}'s batch, by the GPU each image went to: true label → what the model predicts after step ${latest.step} (the worker runs the current weights on these images, about once a second while training).`
          : "The step's batch, by the GPU each image went to: true label → the prediction read from the gathered outputs on GPU 0 (from that step's forward pass, before its update)."}
      </p>
      {groups.map((group) => (
        <section key={group.device} className="digit-group" aria-label={`GPU ${group.device} digits`}>
          <h3>
            <span
              className="chart-swatch"
              style={{ background: gpuColour(group.device) }}
              aria-hidden="true"
            />
            GPU {group.device}: {group.rows} {group.rows === 1 ? 'image' : 'images'}, {group.correct}{' '}
            predicted right
          </h3>
          <ul className="digit-list" style={{ borderColor: gpuColour(group.device) }}>
            {group.thumbs.map((thumb) => (
              <Thumb key={thumb.row} thumb={thumb} />
            ))}
          </ul>
          {group.hidden > 0 ? <p className="panel-note">and {group.hidden} more not drawn</p> : null}
        </section>
      ))}
      {idle.length > 0 ? (
        <p className="panel-note">
          {idle.map((device) => `GPU ${device}`).join(', ')}: idle, no images this step.
        </p>
      ) : null}
    </div>
  );
}
