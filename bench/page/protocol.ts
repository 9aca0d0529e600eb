/**
 * What the runner asks one fresh benchmark page to do, and what the page answers: the contract between
 * `bench/run.mjs` (Node) and `window.runBench` (browser). Plain JSON both ways.
 */

export type EngineName = 'ours-webgpu' | 'ours-cpu' | 'tfjs-webgpu' | 'tfjs-webgl' | 'tfjs-cpu';
export type ConfigName = 'toy' | 'digits';

/**
 * Every engine runs the same number of steps on the same batches, so their final losses must agree:
 * `warmSteps` (the first one timed as time-to-first-step), `timedSteps` without readback, then
 * `readbackSteps` reading the loss every step, then one final step that reads the loss.
 */
export type BenchRequest = {
  engine: EngineName;
  config: ConfigName;
  /** Logical GPUs (our engines; TF.js always runs as one device). */
  gpus: number;
  /** Our engines: `nn.DataParallel` (default) or DistributedDataParallel, one rank per logical GPU. */
  mode?: 'dp' | 'ddp';
  warmSteps: number;
  timedSteps: number;
  readbackSteps: number;
};

export type BenchResult = {
  engine: EngineName;
  config: ConfigName;
  gpus: number;
  mode: 'dp' | 'ddp';
  batch: number;
  /** What the engine calls itself, e.g. "WebGPU · swiftshader" or "TF.js webgl". */
  label: string;
  /** Steady state: `timedSteps` steps queued back to back, one sync at the end. */
  msPerStep: number;
  /** Every step reads its loss back to JavaScript. */
  msPerStepReadback: number;
  /** From the moment this engine's code starts loading to its first step completed and its loss read. */
  firstStepMs: number;
  /** Ours: `stats()`; TF.js: counted on the GPU API (webgpu dispatches, webgl draws) or kernels (cpu). */
  dispatchesPerStep: number | null;
  submitsPerStep: number | null;
  /** Compute dispatches and queue submits seen on the WebGPU API during the steady loop, per step. */
  observedDispatchesPerStep: number;
  observedSubmitsPerStep: number;
  firstLoss: number;
  finalLoss: number;
  steps: number;
};

/** Adapter and browser facts the report prints beside the table. */
export type MachineInfo = {
  userAgent: string;
  hardwareConcurrency: number;
  /** e.g. "google swiftshader — Vulkan: SwiftShader Device"; null where WebGPU has no adapter. */
  adapter: string | null;
  softwareGpu: boolean;
};

declare global {
  interface Window {
    runBench(request: BenchRequest): Promise<BenchResult>;
    machineInfo(): Promise<MachineInfo>;
  }
}
