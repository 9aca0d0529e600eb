/**
 * Wall time per phase of a CPU step, as the engine reports it (`measuredMs`). `lap(phase)` charges the
 * time since the previous lap to `phase`; `aside(work)` runs bookkeeping that is not part of the step
 * (the copies a detailed step keeps for the stage) without charging it to any phase.
 */
export function phaseClock<P extends string>() {
  const measuredMs: Partial<Record<P, number>> = {};
  let start = performance.now();
  let setAside = 0;
  return {
    measuredMs,
    lap(phase: P): void {
      const now = performance.now();
      measuredMs[phase] = now - start - setAside;
      start = now;
      setAside = 0;
    },
    aside<T>(work: () => T): T {
      const before = performance.now();
      const result = work();
      setAside += performance.now() - before;
      return result;
    },
  };
}
