import { scaleLinear } from 'd3-scale';
import { symbol, symbolCircle, symbolDiamond, symbolSquare, symbolTriangle } from 'd3-shape';
import { useId, useMemo } from 'react';
import { PLANAR_EXTENT } from '../../src/data/registry';
import type { Dataset } from '../../src/train/engine';
import { gpuColour } from '../stage/palette';
import type { BoundaryAnswer } from './BoundaryPolling';
import { boundaryRuns, classShares } from './BoundaryRuns';

/** Class tints for the map (Paul Tol's muted scheme, apart from the GPU colours the points wear). */
export const CLASS_COLOURS = ['#6a5acd', '#ddcc77', '#44aa99', '#cc6677'];
const BAND_OPACITY = [0.1, 0.2, 0.34];
/** Each class also has its own mark, so the class never rests on colour alone. */
const CLASS_SYMBOLS = [symbolCircle, symbolSquare, symbolTriangle, symbolDiamond];
export const CLASS_SHAPE_NAMES = ['circle', 'square', 'triangle', 'diamond'];
const MAX_SIZE = 360;

export function classColour(c: number): string {
  return CLASS_COLOURS[c % CLASS_COLOURS.length] as string;
}

/** The path of class `c`'s mark with the given area in px². */
export function classMark(c: number, area: number): string {
  const type = CLASS_SYMBOLS[c % CLASS_SYMBOLS.length] ?? symbolCircle;
  return symbol(type, area)() ?? '';
}

type Props = {
  boundary: BoundaryAnswer | undefined;
  train: Dataset;
  /** Dataset rows each busy GPU received in the shown step. */
  chunkRows: readonly (readonly number[])[];
  width: number;
};

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** The decision map behind the data, with the shown step's batch marked by the GPU each point went to. */
export function BoundaryMap({ boundary, train, chunkRows, width }: Props) {
  const descId = useId();
  const resolution = boundary?.resolution ?? 1;
  // Whole-pixel cells: translucent cells that overlap or leave gaps would stripe the map.
  const cell = Math.max(1, Math.floor(Math.max(160, Math.min(width, MAX_SIZE)) / resolution));
  const size = boundary ? cell * resolution : Math.max(160, Math.min(width, MAX_SIZE));
  const extent = boundary?.extent ?? PLANAR_EXTENT;
  const x = scaleLinear().domain([-extent, extent]).range([0, size]);
  const y = scaleLinear().domain([-extent, extent]).range([size, 0]);
  const runs = useMemo(
    () => (boundary ? boundaryRuns(boundary.probabilities, boundary.resolution, boundary.classes) : []),
    [boundary],
  );
  const smallMarks = useMemo(
    () => Array.from({ length: train.classes }, (_, c) => classMark(c, 14)),
    [train.classes],
  );
  const bigMarks = useMemo(
    () => Array.from({ length: train.classes }, (_, c) => classMark(c, 70)),
    [train.classes],
  );

  const shares = boundary ? classShares(runs, boundary.resolution, boundary.classes) : [];
  const mapWords = boundary
    ? `After step ${boundary.step} the model predicts ${shares.map((share, c) => `class ${c} on ${percent(share)}`).join(', ')} of the map.`
    : 'The decision map is on its way.';
  const batchWords = chunkRows.map((rows, device) => `${rows.length} on GPU ${device}`).join(', ');

  return (
    <svg
      className="boundary-svg"
      width={size}
      height={size}
      role="img"
      aria-label="Decision map"
      aria-describedby={descId}
    >
      <desc id={descId}>{`${mapWords} The shown step's points: ${batchWords}.`}</desc>
      <g shapeRendering="crispEdges">
        {runs.map((run) => (
          <rect
            key={`${run.row}:${run.col}`}
            x={run.col * cell}
            y={run.row * cell}
            width={run.length * cell}
            height={cell}
            fill={classColour(run.predicted)}
            fillOpacity={BAND_OPACITY[run.band] ?? 0.2}
          />
        ))}
      </g>
      <g className="boundary-context">
        {Array.from({ length: train.count }, (_, row) => (
          <path
            // biome-ignore lint/suspicious/noArrayIndexKey: a point's identity is its data set row
            key={row}
            d={smallMarks[train.y[row] ?? 0]}
            transform={`translate(${x(train.x[2 * row] ?? 0)},${y(train.x[2 * row + 1] ?? 0)})`}
            fill={classColour(train.y[row] ?? 0)}
          />
        ))}
      </g>
      {chunkRows.map((rows, device) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: chunk i is GPU i's
        <g key={device} className="boundary-batch" data-gpu={device}>
          {rows.map((row) => (
            <path
              key={row}
              d={bigMarks[train.y[row] ?? 0]}
              transform={`translate(${x(train.x[2 * row] ?? 0)},${y(train.x[2 * row + 1] ?? 0)})`}
              fill={gpuColour(device)}
            >
              <title>{`Row ${row}, class ${train.y[row] ?? 0}, sent to GPU ${device}`}</title>
            </path>
          ))}
        </g>
      ))}
    </svg>
  );
}
