/**
 * The three files the page's Export control offers, each with the command that runs it and what it
 * needs on the learner's machine.
 */
import type { ExportRun } from './exportRun';
import { NOTEBOOK_COMMAND, NOTEBOOK_FILE, notebookJson } from './notebook';
import { TRAIN_DDP_FILE, trainDdpCommand, trainDdpScript } from './trainDdp';
import { TRAIN_DP_COMMAND, TRAIN_DP_FILE, trainDpScript } from './trainDp';

export type ExportFile = {
  name: string;
  /** Media type for the download. */
  type: string;
  /** What the file holds, in a few words. */
  title: string;
  /** The exact command that runs it. */
  command: string;
  /** What it needs on the learner's machine, in one sentence. */
  needs: string;
  /** The file's text for a run (built on demand: the embedded data make it up to a few hundred kB). */
  build(run: ExportRun): string;
};

/** The exported files for a page with `gpus` logical GPUs, in the order the page lists them. */
export function exportFiles(gpus: number): ExportFile[] {
  return [
    {
      name: TRAIN_DP_FILE,
      type: 'text/x-python',
      title: 'DataParallel script',
      command: TRAIN_DP_COMMAND,
      needs: `Runs anywhere PyTorch ≥ 1.13 does: on a laptop's CPU, on cuda:0 with one GPU, and in nn.DataParallel over up to ${gpus} GPUs with more.`,
      build: trainDpScript,
    },
    {
      name: TRAIN_DDP_FILE,
      type: 'text/x-python',
      title: 'DistributedDataParallel script',
      command: trainDdpCommand(gpus),
      needs: `torchrun starts ${gpus} processes, one per GPU over NCCL — or, on a laptop without GPUs, CPU processes over gloo.`,
      build: trainDdpScript,
    },
    {
      name: NOTEBOOK_FILE,
      type: 'application/x-ipynb+json',
      title: 'Notebook (the tutorial exercise)',
      command: NOTEBOOK_COMMAND,
      needs: 'Jupyter, or plain python (its code cells also run top to bottom as a script); GPUs optional.',
      build: notebookJson,
    },
  ];
}
