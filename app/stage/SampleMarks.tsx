import type { Dataset } from '../../src/train/engine';
import { digitImage } from './digitImage';
import type { Rect } from './layout';
import { gpuColour } from './palette';
import { type SampleMark, thumbnailSize } from './samples';

type Props = {
  marks: readonly SampleMark[];
  train: Dataset;
  /** Timing of each GPU's scatter event, when the scatter is playing; otherwise marks sit in the cards. */
  scatterTiming: ReadonlyMap<number, { start: number; duration: number }> | null;
  batchBox: Rect;
  plots: readonly Rect[];
  chunkCounts: readonly number[];
};

/** The batch's real samples: 2-D points or digit thumbnails, coloured by the GPU they go to. */
export function SampleMarks({ marks, train, scatterTiming, batchBox, plots, chunkCounts }: Props) {
  const digits = train.features === 64;
  const total = marks.length;
  return (
    <g className="samples" aria-hidden="true">
      {digits
        ? null
        : marks.map((mark) => (
            <circle
              key={`ghost-${mark.index}`}
              cx={mark.from.x}
              cy={mark.from.y}
              r={4.2}
              fill="none"
              stroke={gpuColour(mark.device)}
              opacity={0.45}
            />
          ))}
      {marks.map((mark) => {
        const timing = scatterTiming?.get(mark.device);
        const at = timing ? mark.from : mark.to;
        const motion = timing
          ? {
              'data-start': timing.start,
              'data-duration': timing.duration,
              'data-from': `${mark.from.x},${mark.from.y}`,
              'data-to': `${mark.to.x},${mark.to.y}`,
            }
          : {};
        const plot = plots[mark.device];
        const size = digits
          ? thumbnailSize(
              timing ? batchBox : (plot ?? batchBox),
              timing ? total : (chunkCounts[mark.device] ?? 1),
            )
          : 0;
        return (
          <g key={mark.index} transform={`translate(${at.x} ${at.y})`} {...motion}>
            {digits ? (
              <>
                <image
                  href={digitImage(train.x, mark.row)}
                  x={-size / 2}
                  y={-size / 2}
                  width={size}
                  height={size}
                  style={{ imageRendering: 'pixelated' }}
                />
                <rect
                  x={-size / 2}
                  y={-size / 2}
                  width={size}
                  height={size}
                  fill="none"
                  stroke={gpuColour(mark.device)}
                  strokeWidth={1.5}
                />
              </>
            ) : (
              <circle r={4.2} fill={gpuColour(mark.device)} stroke="var(--surface)" strokeWidth={0.8} />
            )}
          </g>
        );
      })}
    </g>
  );
}
