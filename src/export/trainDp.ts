/**
 * `train_dp.py`: the page's run as a plain PyTorch script with `nn.DataParallel`, runnable anywhere
 * from a laptop's CPU to a multi-GPU machine.
 */
import type { ExportRun } from './exportRun';
import { pythonConstants, pythonData, pythonImports, pythonTraining } from './pythonRun';

export const TRAIN_DP_FILE = 'train_dp.py';

/** The command that runs `train_dp.py`. */
export const TRAIN_DP_COMMAND = `python ${TRAIN_DP_FILE}`;

function docstring(run: ExportRun): string {
  const { gpus, steps } = run.settings;
  return `"""${TRAIN_DP_FILE}: the DataParallel Playground's run, in PyTorch with nn.DataParallel.

Run it:  ${TRAIN_DP_COMMAND}        (PyTorch 1.13 or newer)

On your machine: with two or more CUDA GPUs the model is wrapped in nn.DataParallel over up to
${gpus} of them (the page's GPU count), so each batch is split with torch.chunk as on the page; with
one GPU it trains on cuda:0; without CUDA it trains on the CPU, which any laptop does in seconds.
DataParallel's loss is one mean over the whole gathered batch, so the losses are the same whichever
of these runs.

It trains the page's model from the page's initial weights on the page's batches with the page's
optimizer for the ${steps} step(s) the page trained, prints the loss of every step, and compares the
last one with the loss the page showed.
"""`;
}

const MAIN = `def main():
    model = PlaygroundMLP(LAYERS)
    load_page_weights(model, INITIAL_PARAMS)
    device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
    gpus = min(SETTINGS["gpus"], torch.cuda.device_count())
    if gpus > 1:
        # The page's N logical GPUs, for real: scatter, replicate, gather and reduce-add on every step.
        model = nn.DataParallel(model, device_ids=list(range(gpus)))
    model.to(device)
    where = f"nn.DataParallel over {gpus} GPUs" if gpus > 1 else str(device)
    print(f"training on {where}; parameters on {next(model.parameters()).device}")

    x_all, y_all = TRAIN_X.to(device), TRAIN_Y.to(device)
    optimizer = make_optimizer(model.parameters())
    loss_value = None
    for step, rows in zip(range(1, STEPS + 1), page_batches()):
        rows = rows.to(device)
        outputs = model(x_all[rows])  # with DataParallel: scatter, replicate, forward, gather
        loss = F.cross_entropy(outputs, y_all[rows])  # one mean over the gathered batch, on cuda:0
        optimizer.zero_grad()
        loss.backward()  # with DataParallel: each replica's gradient summed onto cuda:0
        optimizer.step()  # updates the originals on cuda:0 only
        loss_value = loss.item()
        print_loss(step, loss_value)
    compare_with_page(loss_value)


if __name__ == "__main__":
    main()
`;

/** The source of `train_dp.py` for this run. */
export function trainDpScript(run: ExportRun): string {
  return [
    '#!/usr/bin/env python3',
    docstring(run),
    pythonImports(),
    '',
    pythonConstants(run, 'dp'),
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
