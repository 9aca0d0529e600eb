import { datasetInfo } from '../../src/data/registry';
import {
  fullestGpu,
  instanceLedger,
  MEMORY_REASONS,
  type MemoryReasonId,
  memoryExercise,
} from '../../src/exercises/memory';
import type { Choice } from '../../src/exercises/types';
import { useStoreApi } from '../store/store';
import { applyLessonSetup } from '../tutorial/applyLessonSetup';
import { showView } from '../views/activeView';
import { ChoiceGroup } from './ChoiceGroup';
import { ExerciseFrame } from './ExerciseFrame';
import { useDraft } from './useDraft';
import { useExercise } from './useExercise';

const OPTIMIZER_NAMES = { sgd: 'SGD', momentum: 'SGD with momentum', adam: 'Adam' } as const;

/** Exercise 6: which GPU needs the most memory, and why — read off the nvidia-smi panel. */
export function MemoryExercise({ number }: { number: number }) {
  const store = useStoreApi();
  const { seed, instance, solved, feedback, grade, another } = useExercise(memoryExercise);
  const [gpu, setGpu] = useDraft<string | null>(seed, null);
  const [reason, setReason] = useDraft<MemoryReasonId | null>(seed, null);
  const gpuChoices: Choice[] = Array.from({ length: instance.gpus }, (_, device) => ({
    id: String(device),
    label: `GPU ${device}`,
  }));

  const showOnPage = () => {
    const state = store.getState();
    state.setDataset(instance.dataset);
    state.setOptimizer(instance.optimizer);
    // Open the step at the phase where the fullest GPU peaks.
    const ledger = instanceLedger(instance);
    const peak = ledger.gpus[fullestGpu(ledger)]?.peakPhase ?? 'backward';
    applyLessonSetup(store, { gpus: instance.gpus, batch: instance.batch, phase: peak });
    showView('nvidia-smi');
    document.querySelector('[data-tour="nvidia-smi"]')?.scrollIntoView({ block: 'nearest' });
  };

  return (
    <ExerciseFrame
      number={number}
      title={memoryExercise.title}
      solved={solved}
      instance={instance}
      feedback={feedback}
      onCheck={() => grade(instance, { gpu: gpu === null ? null : Number(gpu), reason })}
      onAnother={another}
    >
      <p>
        <strong>{instance.gpus} GPUs</strong> train the {datasetInfo(instance.dataset).label} model on batches
        of <strong>{instance.batch} samples</strong> with {OPTIMIZER_NAMES[instance.optimizer]}. Set the
        playground to this with the button below, then read the nvidia-smi panel.
      </p>
      <button type="button" className="exercise-inline" onClick={showOnPage}>
        Show it on the stage
      </button>
      <ChoiceGroup legend="Which GPU fills up first?" choices={gpuChoices} value={gpu} onChange={setGpu} />
      <ChoiceGroup legend="Why?" choices={MEMORY_REASONS} value={reason} onChange={setReason} />
    </ExerciseFrame>
  );
}
