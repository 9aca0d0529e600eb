import { useEffect, useId, useRef, useState } from 'react';
import { exportFiles } from '../../src/export/exportFiles';
import { type Store, useStore, useStoreApi } from '../store/store';
import { canExport, download, runFromStore } from './exportFromStore';
import './export.css';

const selectCanExport = (state: Store) => canExport(state);
const selectGpus = (state: Store) => state.gpus;
const selectSteps = (state: Store) => state.stepsDone;

/**
 * "Export to PyTorch…": a disclosure in the header with one download per file, the command that runs
 * it, and what it needs on the learner's machine. The files are built from the store when a button is
 * pressed, so they hold the steps trained up to that moment.
 */
export function ExportMenu() {
  const [open, setOpen] = useState(false);
  const store = useStoreApi();
  const ready = useStore(selectCanExport);
  const gpus = useStore(selectGpus);
  const steps = useStore(selectSteps);
  const panelId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      toggle.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !toggle.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const save = (index: number) => {
    const run = runFromStore(store.getState());
    const file = exportFiles(gpus)[index];
    if (run !== null && file !== undefined) download(file, run);
  };

  return (
    <div className="export-menu">
      <button
        ref={toggle}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((was) => !was)}
      >
        Export to PyTorch…
      </button>
      <section
        ref={panel}
        id={panelId}
        className="export-panel"
        aria-label="Export to PyTorch"
        hidden={!open}
      >
        <h2>Run this in PyTorch</h2>
        <p>
          Each file carries this page's data, initial weights, batch order and optimizer, trains the {steps}{' '}
          step{steps === 1 ? '' : 's'} trained so far, prints every step's loss and compares the last one with
          the page's.
        </p>
        <h3>What this does on your machine</h3>
        <p>
          Nothing needs a GPU: on a laptop the scripts train on the CPU in seconds (PyTorch ≥ 1.13). With
          several NVIDIA GPUs, <code>train_dp.py</code> spreads each batch over them with{' '}
          <code>nn.DataParallel</code> and <code>train_ddp.py</code> runs one process per GPU.
        </p>
        <ul className="export-files">
          {exportFiles(gpus).map((file, index) => (
            <li key={file.name}>
              <button type="button" disabled={!ready} onClick={() => save(index)}>
                Export {file.name}
              </button>
              <span className="export-title">{file.title}</span>
              <code className="export-command">{file.command}</code>
              <span className="export-needs">{file.needs}</span>
            </li>
          ))}
        </ul>
        {ready ? null : <p className="export-wait">Available once the first step has run.</p>}
      </section>
    </div>
  );
}
