// From every page's result to one row per engine × config × GPU count: medians and ranges over runs.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median of the non-null values, or null when an engine never reports them. */
function medianOrNull(values) {
  const known = values.filter((value) => value !== null && value !== undefined);
  return known.length === 0 ? null : median(known);
}

export const rowKey = ({ engine, config, gpus, mode = 'dp' }) => `${engine}|${config}|${gpus}|${mode}`;

/** Rows in the order of `jobs`, each summarising that job's results over all runs. */
export function summarise(jobs, results) {
  const rows = [];
  for (const job of jobs) {
    const mine = results.filter((result) => rowKey(result) === rowKey(job));
    if (mine.length === 0) continue;
    const ms = mine.map((result) => result.msPerStep);
    rows.push({
      engine: job.engine,
      config: job.config,
      gpus: job.gpus,
      mode: job.mode ?? 'dp',
      batch: mine[0].batch,
      msPerStep: median(ms),
      msPerStepMin: Math.min(...ms),
      msPerStepMax: Math.max(...ms),
      msPerStepReadback: median(mine.map((result) => result.msPerStepReadback)),
      firstStepMs: median(mine.map((result) => result.firstStepMs)),
      dispatchesPerStep: medianOrNull(mine.map((result) => result.dispatchesPerStep)),
      submitsPerStep: medianOrNull(mine.map((result) => result.submitsPerStep)),
      finalLoss: median(mine.map((result) => result.finalLoss)),
      // Not in the JSON lines; the readable report uses these.
      runs: mine.length,
      label: mine[0].label,
      observedDispatchesPerStep: median(mine.map((result) => result.observedDispatchesPerStep)),
      observedSubmitsPerStep: median(mine.map((result) => result.observedSubmitsPerStep)),
    });
  }
  return rows;
}

const round = (value, digits) => (value === null ? null : Number(value.toFixed(digits)));

/** The row as the JSON line: exactly its fields, sensibly rounded. */
export function jsonLine(row) {
  return JSON.stringify({
    engine: row.engine,
    config: row.config,
    gpus: row.gpus,
    mode: row.mode,
    batch: row.batch,
    msPerStep: round(row.msPerStep, 3),
    msPerStepMin: round(row.msPerStepMin, 3),
    msPerStepMax: round(row.msPerStepMax, 3),
    msPerStepReadback: round(row.msPerStepReadback, 3),
    firstStepMs: round(row.firstStepMs, 1),
    dispatchesPerStep: round(row.dispatchesPerStep, 2),
    submitsPerStep: round(row.submitsPerStep, 2),
    finalLoss: round(row.finalLoss, 6),
  });
}
