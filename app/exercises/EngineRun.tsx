import type { ReactNode } from 'react';

export type EngineRunState = { kind: 'idle' } | { kind: 'running' } | { kind: 'failed'; message: string };

type Props = { label: string; state: EngineRunState; onRun(): void; children?: ReactNode };

/** A button that runs something on the real engine, and what came back (children) or went wrong. */
export function EngineRun({ label, state, onRun, children }: Props) {
  return (
    <div className="exercise-engine">
      <button type="button" className="exercise-inline" onClick={onRun} disabled={state.kind === 'running'}>
        {label}
      </button>
      <div aria-live="polite">
        {state.kind === 'running' ? <p className="exercise-hint">Running on the engine…</p> : null}
        {state.kind === 'failed' ? (
          <p className="exercise-hint">The engine could not run it: {state.message}</p>
        ) : null}
        {children}
      </div>
    </div>
  );
}
