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
  /** What the file holds, for the button's label. */
  title: string;
  /** The exact command that runs it. */
  command: string;
  /** What it needs, in one sentence. */
  needs: string;
  /** Builds the file's text (done on demand: the data make it up to a few hundred kB). */
  text(): string;
};

/** The exported files for a run, in the order the page lists them. */
export function exportFiles(run: ExportRun): ExportFile[] {
  const { gpus } = run.settings;
  return [
    {
      name: TRAIN_DP_FILE,
      type: 'text/x-python',
      title: 'DataParallel script',
      command: TRAIN_DP_COMMAND,
      needs: `Any machine with PyTorch ≥ 1.13: the CPU on a laptop, cuda:0 with one GPU, nn.DataParallel over up to ${gpus} GPUs with more.`,
      text: () => trainDpScript(run),
    },
    {
      name: TRAIN_DDP_FILE,
      type: 'text/x-python',
      title: 'DistributedDataParallel script',
      command: trainDdpCommand(gpus),
      needs: `${gpus} processes started by torchrun: one per GPU over NCCL, or CPU processes over gloo on a laptop.`,
      text: () => trainDdpScript(run),
    },
    {
      name: NOTEBOOK_FILE,
      type: 'application/x-ipynb+json',
      title: 'Notebook',
      command: NOTEBOOK_COMMAND,
      needs: 'Jupyter (or plain python: its cells run top to bottom as a script); GPUs optional.',
      text: () => notebookJson(run),
    },
  ];
}
