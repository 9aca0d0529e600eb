/**
 * `train_ddp.py`: the page's run with `DistributedDataParallel`, one process per GPU (or per CPU
 * process), launched by `torchrun`. Rank i trains on chunk i of the page's global batch (the
 * `torch.chunk` split the page uses), with the mean loss of its own chunk; DDP averages the gradients.
 */
import type { ExportRun } from './exportRun';
import { pythonConstants, pythonData, pythonImports, pythonTraining } from './pythonRun';

export const TRAIN_DDP_FILE = 'train_ddp.py';

/** The command that runs `train_ddp.py` with one process per logical GPU of the page. */
export function trainDdpCommand(gpus: number): string {
  return `torchrun --standalone --nproc_per_node=${gpus} ${TRAIN_DDP_FILE}`;
}

function docstring(run: ExportRun): string {
  const { gpus, steps } = run.settings;
  return `"""${TRAIN_DDP_FILE}: the DataParallel Playground's run, in PyTorch with DistributedDataParallel.

Run it:  ${trainDdpCommand(gpus)}        (PyTorch 1.13 or newer)

On your machine: torchrun starts ${gpus} processes (the page's GPU count), one rank each. With CUDA GPUs
every rank trains on its own GPU and the ranks talk over NCCL; without CUDA they are CPU processes
talking over gloo, which runs on any laptop. Keep --nproc_per_node at ${gpus}: each rank takes chunk
i of the page's global batch (torch.chunk, as on the page), so another count changes the chunks.
If torchrun itself stops with "AttributeError: 'NoneType' object has no attribute 'get'" (PyTorch
1.13 on Python 3.11, as Debian 12 ships it), add "--redirects 2 --tee 2" after "torchrun".

Each rank computes the mean loss of its own chunk; DDP averages the gradients over the ranks (an
all-reduce, divided by the world size) and every rank steps its own optimizer, so all ranks keep
identical weights. With equal chunks this is exactly DataParallel's step; with unequal chunks (say
4, 4, 2) a sample of a small chunk weighs more - which is why real training uses DistributedSampler.
A rank with no rows (a batch smaller than the world) joins the all-reduce with a zero gradient.

It trains the page's model from the page's initial weights on the page's batches for the ${steps}
step(s) the page trained; rank 0 prints the loss of every step (the mean over the ranks that had rows)
and compares the last one with the loss the page showed.
"""`;
}

const MAIN = `def main():
    use_cuda = torch.cuda.is_available()
    dist.init_process_group(backend="nccl" if use_cuda else "gloo")
    rank, world = dist.get_rank(), dist.get_world_size()
    local_rank = int(os.environ.get("LOCAL_RANK", rank))
    device = torch.device(f"cuda:{local_rank}" if use_cuda else "cpu")
    if use_cuda:
        torch.cuda.set_device(device)
    if rank == 0:
        print(f"{world} ranks on {'CUDA with nccl' if use_cuda else 'CPU processes with gloo'}")
        if world != SETTINGS["gpus"]:
            print(f"note: the page had {SETTINGS['gpus']} GPUs; with {world} ranks the chunks differ from the page's")

    model = PlaygroundMLP(LAYERS)
    load_page_weights(model, INITIAL_PARAMS)
    model.to(device)
    # Wrapping broadcasts rank 0's weights to every rank, once; after that only gradients travel.
    ddp_model = DDP(model, device_ids=[local_rank] if use_cuda else None)
    optimizer = make_optimizer(ddp_model.parameters())

    x_all, y_all = TRAIN_X.to(device), TRAIN_Y.to(device)
    loss_value = None
    for step, rows in zip(range(1, STEPS + 1), page_batches()):
        chunks = torch.chunk(rows, world)  # the same split DataParallel's scatter makes
        mine = (chunks[rank] if rank < len(chunks) else rows[:0]).to(device)
        outputs = ddp_model(x_all[mine])
        if len(mine) > 0:
            loss = F.cross_entropy(outputs, y_all[mine])  # the mean over this rank's chunk only
        else:
            loss = outputs.sum() * 0.0  # no rows: a zero gradient, still in the all-reduce
        optimizer.zero_grad()
        loss.backward()  # DDP all-reduces the gradients here and divides them by the world size
        optimizer.step()  # every rank steps its own optimizer on the same averaged gradient
        # The step's loss as the page shows it: the mean over the ranks that had rows.
        shown = torch.tensor([loss.item(), 1.0 if len(mine) > 0 else 0.0], dtype=torch.float64, device=device)
        dist.all_reduce(shown)
        loss_value = (shown[0] / shown[1]).item()
        if rank == 0:
            print_loss(step, loss_value)
    if rank == 0:
        compare_with_page(loss_value)
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
`;

/** The source of `train_ddp.py` for this run. */
export function trainDdpScript(run: ExportRun): string {
  return [
    '#!/usr/bin/env python3',
    docstring(run),
    pythonImports({
      standard: ['import os'],
      torch: ['import torch.distributed as dist'],
    }),
    'from torch.nn.parallel import DistributedDataParallel as DDP',
    '',
    pythonConstants(run, 'ddp'),
    '',
    '',
    pythonData(run),
    '',
    '',
    pythonTraining(run),
    '',
    '',
    MAIN,
  ].join('\n');
}
