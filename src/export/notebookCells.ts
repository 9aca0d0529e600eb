/**
 * The notebook's exercise, cell by cell, after the seed tutorial: check the GPUs, wrap the model,
 * ask where its parameters live, train the page's run, look at the `module.` prefix, and put
 * DataParallel's gradient beside DistributedDataParallel's. Every code cell is plain Python (no `!`
 * shell lines), so the notebook also runs top to bottom as a script.
 */

/** A notebook cell before it becomes nbformat JSON. */
export type Cell = { kind: 'markdown' | 'code'; id: string; source: string };

export const NVIDIA_SMI_CELL = `import shutil
import subprocess


def nvidia_smi():
    """The tutorial's check: what each GPU holds and how busy it is (in Jupyter, !nvidia-smi)."""
    if shutil.which("nvidia-smi"):
        subprocess.run(["nvidia-smi"], check=False)
    else:
        print("nvidia-smi is not here: no NVIDIA driver, so this notebook trains on the CPU.")
    print("CUDA devices PyTorch sees:", torch.cuda.device_count())


nvidia_smi()`;

export const WRAP_CELL = `device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
class_model = PlaygroundMLP(LAYERS)
load_page_weights(class_model, INITIAL_PARAMS)

if torch.cuda.device_count() > 1:
    class_model = nn.DataParallel(class_model)
class_model.to(device)
print(class_model)`;

export const DEVICE_CELL = `print(next(class_model.parameters()).device)`;

export const TRAIN_CELL = `x_all, y_all = TRAIN_X.to(device), TRAIN_Y.to(device)
optimizer = make_optimizer(class_model.parameters())
loss_value = None
for step, rows in zip(range(1, STEPS + 1), page_batches()):
    rows = rows.to(device)
    loss = F.cross_entropy(class_model(x_all[rows]), y_all[rows])  # one mean over the gathered batch
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    loss_value = loss.item()
    print_loss(step, loss_value)
compare_with_page(loss_value)`;

export const PREFIX_CELL = `from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present

# Without GPUs the cell above did not wrap the model; wrap it here to see what the wrapper does
# to a checkpoint (on the CPU nn.DataParallel simply calls the module).
wrapped = class_model if isinstance(class_model, nn.DataParallel) else nn.DataParallel(class_model)
checkpoint = wrapped.state_dict()
print("keys of the wrapped model:", list(checkpoint)[:2], "...")

bare_model = PlaygroundMLP(LAYERS)
try:
    bare_model.load_state_dict(checkpoint)
except RuntimeError as error:
    print("loading them into a bare model fails:")
    print("\\n".join(str(error).splitlines()[:3]))

# The fix: save wrapped.module.state_dict() in the first place, or strip the prefix when loading.
consume_prefix_in_state_dict_if_present(checkpoint, "module.")
bare_model.load_state_dict(checkpoint)
print("after stripping the prefix it loads:", list(bare_model.state_dict())[:2], "...")`;

export const COMPARE_CELL = `def flat_gradient(model, rows):
    model.zero_grad()
    F.cross_entropy(model(TRAIN_X[rows]), TRAIN_Y[rows]).backward()
    return torch.cat([p.grad.reshape(-1) for p in model.parameters()])


def compare_dp_ddp(rows, world):
    """One batch from the page's initial weights: DataParallel's gradient against DDP's."""
    model = PlaygroundMLP(LAYERS)
    load_page_weights(model, INITIAL_PARAMS)
    dp = flat_gradient(model, rows)  # one mean over the whole batch, summed onto GPU 0
    chunks = torch.chunk(rows, world)  # rank i takes chunk i; a rank without rows adds zero
    ddp = sum(flat_gradient(model, chunk) for chunk in chunks) / world
    sizes = [len(chunk) for chunk in chunks] + [0] * (world - len(chunks))
    difference = (ddp - dp).abs().max().item()
    print(f"{len(rows)} rows on {world} GPUs, chunks {sizes}: largest |DDP - DP| = {difference:.1e}")


def even_split(rows, world):
    sizes = [len(chunk) for chunk in torch.chunk(rows, world)]
    return len(sizes) == world and len(set(sizes)) == 1


world = SETTINGS["gpus"]
first_batch = next(page_batches())
compare_dp_ddp(first_batch, world)
if world > 1:
    # The same rows, cut until the split turns the other way (equal chunks <-> unequal ones).
    first_even = even_split(first_batch, world)
    for n in range(len(first_batch) - 1, 0, -1):
        if even_split(first_batch[:n], world) != first_even:
            compare_dp_ddp(first_batch[:n], world)
            break`;
