import { useEffect, useId, useState } from 'react';
import { MAX_BATCH } from '../../src/dp/chunk';
import { useStore } from '../store/store';

/** The global batch size (1–4096). Typing is free; only whole numbers in range are applied. */
export function BatchInput() {
  const batch = useStore((state) => state.batch);
  const setBatch = useStore((state) => state.setBatch);
  const [draft, setDraft] = useState(String(batch));
  const id = useId();
  const hintId = useId();

  useEffect(() => setDraft(String(batch)), [batch]);

  const value = Number(draft);
  const valid = draft.trim() !== '' && Number.isInteger(value) && value >= 1 && value <= MAX_BATCH;

  return (
    <div className="control">
      <label htmlFor={id}>Batch size</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_BATCH}
        value={draft}
        aria-invalid={!valid}
        aria-describedby={valid ? undefined : hintId}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setDraft(next);
          const n = Number(next);
          if (next.trim() !== '' && Number.isInteger(n) && n >= 1 && n <= MAX_BATCH) setBatch(n);
        }}
        onBlur={() => setDraft(String(batch))}
      />
      {valid ? null : (
        <span id={hintId} className="control-hint">
          Whole number from 1 to {MAX_BATCH}
        </span>
      )}
    </div>
  );
}
