import { beforeEach, describe, expect, it } from 'vitest';
import { SCALING_MODELS } from '../../src/cost/models';
import { describeScaling } from '../../src/cost/scalingShape';
import { dpScaling } from '../../src/cost/speedup';
import { narratePhase } from '../../src/dp/narrate';
import type { Phase } from '../../src/dp/phase';
import { testShownStep } from '../testing/shownStep';
import { createTestStore } from '../testing/testStore';
import { applyLessonSetup } from './applyLessonSetup';
import { LESSON_IDS } from './lessonIds';
import { LESSONS, lessonById } from './lessons';
import type { Lesson, LessonStart } from './lessonTypes';

const app = createTestStore();

/** Puts a real step for `gpus` × `batch` on the stage, as the run would after a restart. */
function showStep(gpus: number, batch: number, phase: Phase = 'scatter'): void {
  const { shown, train } = testShownStep(gpus, batch);
  app.setState({
    gpus,
    batch,
    shown,
    train,
    runStatus: 'ready',
    phase,
    cursor: 0,
    step: 0,
    playing: false,
  });
  app.getState().enterPhase(phase, false);
}

/** Opens a lesson the way the tutorial does, with the step its setup asks for already on the stage. */
function open(lesson: Lesson): LessonStart {
  showStep(3, 10);
  applyLessonSetup(app, lesson.setup);
  const { gpus, batch, phase } = app.getState();
  showStep(gpus, batch, phase);
  return { step: app.getState().step };
}

function task(id: (typeof LESSON_IDS)[number]) {
  const found = lessonById(id).task;
  if (!found) throw new Error(`${id} has no task`);
  return found;
}

function allText(lesson: Lesson): string {
  const state = app.getState();
  return [...lesson.blocks, ...(lesson.reveal ?? [])]
    .map((block) => {
      if (block.kind === 'code') return block.code;
      if (block.kind === 'list') return block.items.join(' ');
      return typeof block.text === 'string' ? block.text : block.text(state);
    })
    .join(' ');
}

beforeEach(() => showStep(3, 10));

describe('the lessons', () => {
  it('come in the order of their ids, each with a title and text', () => {
    expect(LESSONS.map((lesson) => lesson.id)).toEqual([...LESSON_IDS]);
    expect(new Set(LESSONS.map((lesson) => lesson.title)).size).toBe(LESSONS.length);
    for (const lesson of LESSONS) expect(lesson.blocks.length).toBeGreaterThan(0);
  });

  it('teach the seed in its order: wrapping, the four stages, the four limits, cuda:0, nvidia-smi, DDP, key points', () => {
    const text = LESSONS.map(allText).join('\n');
    const milestones = [
      'torch.cuda.device_count() > 1',
      'model.to(device)',
      'torch.chunk',
      'Replicate',
      'Forward',
      'Backward',
      'Gather',
      'summed, not averaged',
      'Optimizer step',
      'next forward call',
      'global interpreter lock',
      'speed-up',
      'GPU 0 carries the most',
      'another computer',
      'next(model.parameters()).device',
      'nvidia-smi',
      'DistributedDataParallel',
      'cannot span several nodes',
    ];
    let from = 0;
    for (const milestone of milestones) {
      const at = text.indexOf(milestone, from);
      expect(at, milestone).toBeGreaterThanOrEqual(0);
      from = at;
    }
  });

  it("never state what PyTorch or the page's own model contradicts", () => {
    const text = LESSONS.map(allText).join('\n');
    // Replica 0 is a new module sharing the originals' storage (attributes set in forward are lost).
    expect(text).not.toMatch(/is the original model/);
    // GPU 0's replica shares the originals: they are not kept "besides" it.
    expect(text).not.toMatch(/Besides its own chunk and replica, it keeps the original/);
    // The modeled curve dips at 2 GPUs and then climbs: no "each GPU brings less than the one before".
    expect(text).not.toMatch(/brings less than the one before|helps less than the last/);
  });

  it('describe the scaling curve with the shape its own numbers have', () => {
    const { model, batchPerGpu } = SCALING_MODELS.large;
    const curve = dpScaling(
      { model, optimizer: app.getState().optimizer, batch: batchPerGpu },
      'a100-nvlink',
    );
    if (!curve.ok) throw new Error(curve.error.message);
    expect(allText(lessonById('scalability'))).toContain(describeScaling(curve.value).sentence);
  });

  it('ask before they tell in lessons 2–7: a prediction, and no answer in the text before it', () => {
    const asking = LESSONS.slice(1, 7);
    for (const lesson of asking) expect(lesson.task?.predict, lesson.id).toBeDefined();
    const textBefore = (lesson: Lesson) =>
      lesson.blocks
        .map((block) => (block.kind === 'text' && typeof block.text === 'string' ? block.text : ''))
        .join(' ');
    expect(textBefore(lessonById('split-batch'))).not.toContain('3, 3, 3, 1');
    expect(textBefore(lessonById('aggregate'))).not.toMatch(/summed, not averaged/);
    expect(textBefore(lessonById('synchronize'))).not.toMatch(/next forward call/);
  });

  it('verify each guess against the step on the stage', () => {
    open(lessonById('split-batch'));
    showStep(4, 10);
    const split = lessonById('split-batch').task?.predict;
    expect(split?.verify('3, 3, 3, 1', app.getState())).toEqual({
      right: true,
      actual: 'the engine split 10 samples 3, 3, 3, 1',
    });
    expect(split?.verify('3, 3, 2, 2', app.getState())?.right).toBe(false);
    const replicate = lessonById('replicate').task?.predict;
    expect(replicate?.verify('1,2,3', app.getState())?.right).toBe(true);
    expect(replicate?.verify('0,1,2,3', app.getState())?.right).toBe(false);
    const forward = lessonById('parallel-compute').task?.predict;
    expect(forward?.verify('1', app.getState())?.right).toBe(true);
    const sync = lessonById('synchronize').task?.predict;
    expect(sync?.verify('next-replicate', app.getState())?.right).toBe(true);
    const outputs = lessonById('wrap-model').task?.predict;
    expect(outputs?.verify('gpu0', app.getState())?.right).toBe(true);
    expect(outputs?.verify('split', app.getState())?.right).toBe(false);
  });

  it('every task is not done when its lesson opens', () => {
    for (const lesson of LESSONS.filter((l) => l.task)) {
      const start = open(lesson);
      expect(lesson.task?.isDone(app.getState(), start), lesson.id).toBe(false);
    }
  });
});

describe('tasks are done only when the store shows it, and say so with the stage numbers', () => {
  it('wrap-model: 2 or more GPUs', () => {
    const start = open(lessonById('wrap-model'));
    expect(app.getState().gpus).toBe(1);
    app.getState().setGpus(2);
    const state = app.getState();
    expect(task('wrap-model').isDone(state, start)).toBe(true);
    expect(task('wrap-model').doneText(state, start)).toMatch(/^Done — 2 GPUs/);
  });

  it('split-batch: 4 GPUs, and the confirmation agrees with the narration', () => {
    const start = open(lessonById('split-batch'));
    app.getState().setGpus(5);
    expect(task('split-batch').isDone(app.getState(), start)).toBe(false);
    showStep(4, 10);
    const state = app.getState();
    expect(task('split-batch').isDone(state, start)).toBe(true);
    const done = task('split-batch').doneText(state, start);
    expect(done).toBe('Done — 10 samples split 3, 3, 3, 1 across GPUs 0–3.');
    const trace = state.shown?.trace;
    if (!trace) throw new Error('no step on the stage');
    expect(narratePhase(trace, 'scatter')).toContain('10 samples split into 3, 3, 3, 1 across GPUs 0–3');
  });

  it('replicate, parallel-compute, aggregate: Next phase until the phase is reached', () => {
    const cases = [
      ['replicate', 'replicate', 1],
      ['parallel-compute', 'forward', 1],
      ['aggregate', 'reduce-add', 4],
    ] as const;
    for (const [id, phase, presses] of cases) {
      const start = open(lessonById(id));
      for (let i = 0; i < presses; i++) {
        expect(task(id).isDone(app.getState(), start), `${id} after ${i}`).toBe(false);
        app.getState().nextPhase();
      }
      const state = app.getState();
      expect(state.phase).toBe(phase);
      expect(task(id).isDone(state, start)).toBe(true);
      expect(task(id).doneText(state, start)).toMatch(/^Done — /);
    }
  });

  it('replicate and reduce-add name what the narration names', () => {
    const replicateStart = open(lessonById('replicate'));
    app.getState().nextPhase();
    let state = app.getState();
    const trace = state.shown?.trace;
    if (!trace) throw new Error('no step on the stage');
    expect(task('replicate').doneText(state, replicateStart)).toContain('to GPUs 1–3');
    expect(narratePhase(trace, 'replicate')).toContain('to GPUs 1–3');

    const start = open(lessonById('aggregate'));
    for (let i = 0; i < 4; i++) app.getState().nextPhase();
    state = app.getState();
    const detail = state.shown?.report.detail;
    const text = task('aggregate').doneText(state, start);
    expect(text).toContain(`the ${detail?.replicaGrads.length} replicas' gradients`);
    expect(text).toContain(`= ${Number(detail?.summedGrad.toPrecision(3))}`);
    expect(narratePhase(state.shown?.trace ?? trace, 'reduce-add')).toContain('summed onto GPU 0');
  });

  it('synchronize: only the next step’s Replicate counts', () => {
    const start = open(lessonById('synchronize'));
    app.getState().nextPhase();
    expect(app.getState().phase).toBe('optimizer-step');
    expect(task('synchronize').isDone(app.getState(), start)).toBe(false);
    // The next step arrives (as the run slice does it), then Next phase moves to its Replicate.
    app.setState({ step: start.step + 1 });
    showStep(4, 10);
    app.setState({ step: start.step + 1 });
    expect(task('synchronize').isDone(app.getState(), start)).toBe(false);
    app.getState().nextPhase();
    const state = app.getState();
    expect(task('synchronize').isDone(state, start)).toBe(true);
    expect(task('synchronize').doneText(state, start)).toContain('copied to GPUs 1–3');
  });

  it('nvidia-smi: no idle GPU, which with 10 samples means 5 GPUs or fewer but not 1', () => {
    const start = open(lessonById('nvidia-smi'));
    expect(app.getState().gpus).toBe(8);
    const done = (gpus: number) => {
      app.getState().setGpus(gpus);
      return task('nvidia-smi').isDone(app.getState(), start);
    };
    expect([8, 7, 6, 5, 4, 3, 2, 1].map(done)).toEqual([false, false, false, true, true, true, true, false]);
    app.getState().setGpus(5);
    expect(task('nvidia-smi').doneText(app.getState(), start)).toBe(
      'Done — 10 samples on 5 GPUs split 2, 2, 2, 2, 2, so every GPU has work.',
    );
  });
});

describe('applyLessonSetup', () => {
  it('pauses, sets GPUs and batch, and shows the phase at rest', () => {
    app.setState({ playing: true });
    applyLessonSetup(app, { gpus: 3, batch: 10, phase: 'gather' });
    expect(app.getState()).toMatchObject({ playing: false, gpus: 3, batch: 10, phase: 'gather' });
  });

  it('leaves alone what the link names', () => {
    applyLessonSetup(app, { gpus: 8, batch: 32, phase: 'loss' }, new Set(['gpus', 'phase']));
    expect(app.getState()).toMatchObject({ gpus: 3, batch: 32, phase: 'scatter' });
  });

  it('sets the phase in the store when no step is on the stage yet', () => {
    app.setState({ shown: undefined });
    applyLessonSetup(app, { phase: 'backward' });
    expect(app.getState().phase).toBe('backward');
  });
});
