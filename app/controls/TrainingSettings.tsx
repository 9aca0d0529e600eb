import { useId } from 'react';
import { DATASETS, isDatasetId } from '../../src/data/registry';
import { useStore } from '../store/store';
import { OPTIMIZER_KINDS, type OptimizerKind } from '../store/urlState';

const OPTIMIZER_LABELS: Record<OptimizerKind, string> = {
  sgd: 'SGD',
  momentum: 'SGD + momentum',
  adam: 'Adam',
};

const LEARNING_RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3] as const;

/** Data set, optimizer, learning rate and seed. */
export function TrainingSettings() {
  const dataset = useStore((state) => state.dataset);
  const optimizer = useStore((state) => state.optimizer);
  const lr = useStore((state) => state.lr);
  const seed = useStore((state) => state.seed);
  const setDataset = useStore((state) => state.setDataset);
  const setOptimizer = useStore((state) => state.setOptimizer);
  const setLr = useStore((state) => state.setLr);
  const setSeed = useStore((state) => state.setSeed);
  const ids = { dataset: useId(), optimizer: useId(), lr: useId(), seed: useId() };
  const rates: number[] = LEARNING_RATES.includes(lr as (typeof LEARNING_RATES)[number])
    ? [...LEARNING_RATES]
    : [...LEARNING_RATES, lr].sort((a, b) => a - b);

  return (
    <>
      <div className="control">
        <label htmlFor={ids.dataset}>Data set</label>
        <select
          id={ids.dataset}
          value={dataset}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (isDatasetId(value)) setDataset(value);
          }}
        >
          {DATASETS.map((info) => (
            <option key={info.id} value={info.id}>
              {info.label}
            </option>
          ))}
        </select>
      </div>
      <div className="control">
        <label htmlFor={ids.optimizer}>Optimizer</label>
        <select
          id={ids.optimizer}
          value={optimizer}
          onChange={(event) => setOptimizer(event.currentTarget.value as OptimizerKind)}
        >
          {OPTIMIZER_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {OPTIMIZER_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      <div className="control">
        <label htmlFor={ids.lr}>Learning rate</label>
        <select id={ids.lr} value={lr} onChange={(event) => setLr(Number(event.currentTarget.value))}>
          {rates.map((rate) => (
            <option key={rate} value={rate}>
              {rate}
            </option>
          ))}
        </select>
      </div>
      <div className="control">
        <label htmlFor={ids.seed}>Seed</label>
        <input
          id={ids.seed}
          type="number"
          min={0}
          value={seed}
          onChange={(event) => {
            const value = Number(event.currentTarget.value);
            if (event.currentTarget.value !== '' && Number.isInteger(value) && value >= 0) setSeed(value);
          }}
        />
      </div>
    </>
  );
}
