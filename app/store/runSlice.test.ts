import { describe, expect, it } from 'vitest';
import { CPU, fakeWorker, reportFor } from '../testing/fakeWorker';
import { createTestStore } from '../testing/testStore';

/** Let the store's awaits run (the fake answers synchronously once told to). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const worker = fakeWorker();
  const app = createTestStore({ client: worker.client });
  return { worker, app };
}

/** Start a run and answer its configure and first step. */
async function started() {
  const { worker, app } = setup();
  void app.getState().startRun();
  worker.ready(0);
  await settle();
  worker.step(0);
  await settle();
  return { worker, app };
}

describe('the run slice', () => {
  it("starts on the link's settings before any render, once however often it is ensured", async () => {
    const worker = fakeWorker();
    const app = createTestStore({ client: worker.client, search: '?gpus=6&batch=12&step=30' });
    void app.getState().ensureRun();
    void app.getState().ensureRun();
    expect(worker.configures).toHaveLength(1);
    expect(worker.configures[0]).toMatchObject({ settings: { gpus: 6, batch: 12 }, step: 30 });
    worker.ready(0);
    await settle();
    void app.getState().ensureRun();
    expect(worker.configures).toHaveLength(1);
  });

  it('configures at the shown step, then shows the next step drawn with the settings it ran with', async () => {
    const { worker, app } = setup();
    app.setState({ gpus: 4, batch: 10, step: 7 });
    void app.getState().startRun();
    expect(app.getState().runStatus).toBe('starting');
    expect(worker.configures[0]).toMatchObject({ settings: { gpus: 4, batch: 10 }, step: 7 });
    worker.ready(0);
    await settle();
    expect(app.getState()).toMatchObject({ runStatus: 'stepping', engineInfo: CPU, stepsDone: 7 });
    worker.step(0);
    await settle();
    const { shown, runStatus, step, history } = app.getState();
    expect(runStatus).toBe('ready');
    expect(shown?.index).toBe(7);
    expect(step).toBe(7);
    expect(shown?.trace.plan).toMatchObject({ gpus: 4, batch: 10, chunkSizes: [3, 3, 3, 1] });
    expect(history.map((point) => point.step)).toEqual([8]);
  });

  it('asks for the next step and shows it', async () => {
    const { worker, app } = await started();
    void app.getState().showNextStep();
    expect(app.getState().runStatus).toBe('stepping');
    await settle();
    worker.step(1);
    await settle();
    expect(app.getState()).toMatchObject({ runStatus: 'ready', step: 1, stepsDone: 2 });
  });

  it('draws a step that comes back after a settings change with the settings it ran with, then replaces it', async () => {
    const { worker, app } = await started();
    void app.getState().showNextStep();
    await settle();
    // The learner moves the slider while the step for 3 GPUs is being computed.
    app.setState({ gpus: 6 });
    void app.getState().startRun();
    worker.step(1);
    await settle();
    // The late step belonged to the old run: it is not shown; the old step stays on the stage.
    expect(app.getState().shown?.trace.plan.gpus).toBe(3);
    expect(app.getState().runStatus).toBe('starting');
    worker.ready(1);
    await settle();
    worker.step(2);
    await settle();
    const { shown } = app.getState();
    expect(shown?.report.settings.gpus).toBe(6);
    expect(shown?.trace.plan.gpus).toBe(6);
    expect(shown?.trace.plan.chunks).toHaveLength(shown?.report.detail?.chunkRows.length ?? -1);
  });

  it('ends ten changes in a row in exactly the last settings, keeping the old step shown meanwhile', async () => {
    const { worker, app } = await started();
    const before = app.getState().shown;
    for (let gpus = 1; gpus <= 8; gpus++) {
      app.setState({ gpus });
      void app.getState().startRun();
    }
    app.setState({ gpus: 5, batch: 12 });
    void app.getState().startRun();
    app.setState({ gpus: 2 });
    void app.getState().startRun();
    expect(app.getState().shown).toBe(before);
    // The worker gives up all but the last configure; answers may come in any order.
    expect(worker.configures).toHaveLength(11);
    for (let i = 1; i < 10; i++) worker.supersede(i);
    await settle();
    expect(app.getState().runStatus).toBe('starting');
    worker.ready(10);
    await settle();
    expect(worker.steps).toHaveLength(2);
    worker.step(1);
    await settle();
    const { shown, runStatus, gpus, batch } = app.getState();
    expect([gpus, batch, runStatus]).toEqual([2, 12, 'ready']);
    expect(shown?.report.settings).toMatchObject({ gpus: 2, batch: 12 });
    expect(shown?.trace.plan).toMatchObject({ gpus: 2, batch: 12 });
  });

  it('shows the replay progress of a link, keeps the history it streams, and shows the step it reaches', async () => {
    const { worker, app } = setup();
    app.setState({ step: 3 });
    void app.getState().startRun();
    const ran = anySettings();
    worker.emit({ type: 'replay', id: null, done: 2, total: 3 });
    worker.emit({ type: 'progress', id: null, reports: [reportFor(1, ran), reportFor(2, ran)] });
    expect(app.getState()).toMatchObject({ runStatus: 'replaying', replay: { done: 2, total: 3 } });
    worker.emit({ type: 'progress', id: null, reports: [reportFor(3, ran)] });
    worker.ready(0);
    await settle();
    expect(app.getState().replay).toBeUndefined();
    worker.step(0);
    await settle();
    expect(app.getState().history.map((point) => point.step)).toEqual([1, 2, 3, 4]);
    expect(app.getState().shown?.index).toBe(3);
  });

  it('trains continuously, pauses, and shows the step where it stopped', async () => {
    const { worker, app } = await started();
    void app.getState().startTraining();
    expect(app.getState().runStatus).toBe('training');
    const ran = app.getState().shown?.report.settings ?? anySettings();
    worker.emit({ type: 'progress', id: null, reports: [reportFor(2, ran), reportFor(3, ran)] });
    expect(app.getState().stepsDone).toBe(3);
    await app.getState().stopTraining();
    expect(worker.pauses).toBe(1);
    await settle();
    worker.step(1);
    await settle();
    expect(app.getState()).toMatchObject({ runStatus: 'ready' });
    expect(app.getState().history.map((point) => point.step)).toEqual([1, 2, 3, 4]);
  });

  it('at a slow training speed shows each new step as it arrives and plays it once; faster, it loops the shown step', async () => {
    const { worker, app } = await started();
    app.setState({ trainingSpeed: 2 });
    void app.getState().startTraining();
    const ran = app.getState().shown?.report.settings ?? anySettings();
    worker.emit({ type: 'progress', id: null, reports: [reportFor(2, ran, 0.5)] });
    expect(app.getState().shown).toMatchObject({ index: 1, report: { step: 2, loss: 0.5 } });
    expect(app.getState()).toMatchObject({ cursor: 0, loopPhase: 'scatter' });
    // Half a second at 2 steps/s plays the whole step (8 phases) once, and holds its end.
    const duration = app.getState().shown?.trace.phases.length ?? 0;
    app.getState().advance(250);
    expect(app.getState().cursor).toBeCloseTo(duration * 500);
    app.getState().advance(400);
    expect(app.getState().cursor).toBe(duration * 1000);
    expect(app.getState().loopPhase).toBe('optimizer-step');
    worker.emit({ type: 'progress', id: null, reports: [reportFor(3, ran, 0.25)] });
    expect(app.getState().shown).toMatchObject({ index: 2, report: { loss: 0.25 } });
    expect(app.getState().cursor).toBe(0);

    // Faster than the stage can follow: the shown step stays, and the cursor loops.
    app.setState({ trainingSpeed: 50 });
    worker.emit({ type: 'progress', id: null, reports: [reportFor(4, ran)] });
    expect(app.getState().shown?.index).toBe(2);
    expect(app.getState().stepsDone).toBe(4);
    app.getState().advance(5000);
    expect(app.getState().cursor).toBeLessThan(duration * 1000);
  });

  it('says when the worker fell back to the CPU, and when WebGPU took over from the standing-in CPU', async () => {
    const { worker, app } = setup();
    const standIn = {
      kind: 'cpu' as const,
      label: 'CPU',
      reason: 'WebGPU is compiling its kernels',
      standIn: true,
    };
    void app.getState().startRun();
    worker.ready(0, { engine: standIn });
    await settle();
    worker.step(0);
    await settle();
    expect(app.getState().engineInfo).toEqual(standIn);
    const gpu = { kind: 'webgpu' as const, label: 'WebGPU · fake', reason: null };
    worker.emit({ type: 'engine', id: null, from: standIn, to: gpu, reason: 'ready', resumedStep: 1 });
    expect(app.getState().engineInfo).toEqual(gpu);
    expect(app.getState().shown?.index).toBe(0);
    worker.emit({
      type: 'fallback',
      id: null,
      from: gpu,
      to: CPU,
      reason: 'the GPU device was lost.',
      resumedStep: 0,
    });
    expect(app.getState().engineInfo).toEqual(CPU);
    expect(app.getState().notices.at(-1)?.text).toMatch(/device was lost.*continues on the CPU from step 0/);
  });

  it('says when a step diverged and goes back to the restored step', async () => {
    const { worker, app } = await started();
    void app.getState().showNextStep();
    await settle();
    worker.diverge(1, 0);
    await settle();
    expect(app.getState()).toMatchObject({ runStatus: 'ready', stepsDone: 0 });
    expect(app.getState().notices.at(-1)?.text).toMatch(/learning rate is too large.*back to step 0/);
  });

  it('reports a failed configuration as an error the learner can retry', async () => {
    const { worker, app } = setup();
    void app.getState().startRun();
    worker.configures[0]?.reject(new Error('the digits could not be loaded'));
    await settle();
    expect(app.getState()).toMatchObject({ runStatus: 'error', runError: 'the digits could not be loaded' });
  });
});

function anySettings() {
  return {
    gpus: 3,
    batch: 10,
    dataset: 'spiral' as const,
    seed: 1,
    model: { layers: [2, 16, 16, 2], activation: 'relu' as const },
    optimizer: { kind: 'sgd' as const, lr: 0.1 },
    lossPlacement: 'gathered' as const,
    mode: 'dp' as const,
  };
}
