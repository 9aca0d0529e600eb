/**
 * A decision map made drawable: the worker's class probabilities on a grid become runs of neighbouring
 * cells in a row that share the predicted class and confidence band. A 48×48 map is 2,304 cells but
 * usually a few hundred runs, so the SVG stays small and redraws quickly every second while training.
 */

export type BoundaryRun = {
  /** Grid row, 0 at the top (largest y), as the worker returns it. */
  row: number;
  col: number;
  length: number;
  /** The predicted class (argmax). */
  predicted: number;
  /** 0 (unsure) .. CONFIDENCE_BANDS − 1 (sure), from the winning probability. */
  band: number;
};

export const CONFIDENCE_BANDS = 3;

/** The band of a winning probability among `classes`: from chance (1/classes) to certainty, in equal steps. */
export function confidenceBand(probability: number, classes: number): number {
  const chance = 1 / Math.max(classes, 1);
  const share = (probability - chance) / (1 - chance || 1);
  return Math.min(CONFIDENCE_BANDS - 1, Math.max(0, Math.floor(share * CONFIDENCE_BANDS)));
}

function argmax(values: Float32Array, from: number, count: number): number {
  let best = 0;
  for (let c = 1; c < count; c++) {
    if ((values[from + c] as number) > (values[from + best] as number)) best = c;
  }
  return best;
}

/** Runs of a `resolution²` grid of `classes` probabilities per cell, row-major from the top-left. */
export function boundaryRuns(
  probabilities: Float32Array,
  resolution: number,
  classes: number,
): BoundaryRun[] {
  const runs: BoundaryRun[] = [];
  for (let row = 0; row < resolution; row++) {
    let open: BoundaryRun | undefined;
    for (let col = 0; col < resolution; col++) {
      const at = (row * resolution + col) * classes;
      const predicted = argmax(probabilities, at, classes);
      const band = confidenceBand(probabilities[at + predicted] ?? 0, classes);
      if (open && open.predicted === predicted && open.band === band) {
        open.length++;
      } else {
        open = { row, col, length: 1, predicted, band };
        runs.push(open);
      }
    }
  }
  return runs;
}

/** Share of the map's cells predicted as each class (for the map's description in words). */
export function classShares(runs: readonly BoundaryRun[], resolution: number, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const run of runs) counts[run.predicted] = (counts[run.predicted] ?? 0) + run.length;
  const cells = resolution * resolution;
  return counts.map((count) => (cells > 0 ? count / cells : 0));
}
