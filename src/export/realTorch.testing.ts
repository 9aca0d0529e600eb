/**
 * Running exported files with real PyTorch, for the export tests: where PyTorch is, one Python process
 * for many scripts (importing torch once is most of the time), `torchrun`, and reading the loss lines
 * back. Not shipped.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's python3-torch lives under /usr/bin; the `python3` first on PATH may be another one. */
const PYTHONS = ['/usr/bin/python3', 'python3'];

/** `needsRedirects`: this torchrun crashes on its default `--redirects 0` (torch 1.13 on Python 3.11). */
export type Torchrun = { path: string; needsRedirects: boolean };

export type TorchSetup = { python: string; torchrun: Torchrun | null; nbformat: boolean };

/** Asks a Python for torch, torchrun next to it and nbformat, in one start (importing torch is slow). */
const PROBE = `import json, os, shutil, sys
import torch, torch.distributed
try:
    import nbformat
    has_nbformat = True
except ImportError:
    has_nbformat = False
beside = os.path.join(os.path.dirname(sys.executable), "torchrun")
torchrun = beside if os.access(beside, os.X_OK) else shutil.which("torchrun")
# Debian 12's torch 1.13 on Python 3.11: torchrun's default "--redirects 0" parses to None and crashes.
from torch.distributed.elastic.multiprocessing.api import Std
print(json.dumps({"torchrun": torchrun, "nbformat": has_nbformat, "quirk": Std.from_str("0") is None}))
`;

/** The Python with PyTorch (and whether it has nbformat and a torchrun), or why there is none. */
export function findTorch(): TorchSetup | { missing: string } {
  for (const python of PYTHONS) {
    const probe = spawnSync(python, ['-c', PROBE], { encoding: 'utf8', timeout: 120_000 });
    if (probe.status !== 0) continue;
    const found = JSON.parse(probe.stdout) as { torchrun: string | null; nbformat: boolean; quirk: boolean };
    const torchrun = found.torchrun === null ? null : { path: found.torchrun, needsRedirects: found.quirk };
    return { python, torchrun, nbformat: found.nbformat };
  }
  return { missing: `no Python with PyTorch among ${PYTHONS.join(', ')} (apt-get install python3-torch)` };
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'dp-export-'));
}

const RUNNER = `import contextlib, runpy, sys
for script, out in zip(sys.argv[1::2], sys.argv[2::2]):
    with open(out, "w") as f, contextlib.redirect_stdout(f):
        runpy.run_path(script, run_name="__main__")
`;

/** Run each script as `__main__` in one Python process; returns each one's standard output. */
export async function runScripts(python: string, dir: string, scripts: Record<string, string>) {
  const args: string[] = [];
  for (const [name, text] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), text);
    args.push(join(dir, name), join(dir, `${name}.out`));
  }
  await run(python, ['-c', RUNNER, ...args], { cwd: dir, maxBuffer: 1 << 24 });
  return Object.fromEntries(
    Object.keys(scripts).map((name) => [name, readFileSync(join(dir, `${name}.out`), 'utf8')]),
  );
}

/** Standard output of `python -c code args…`. */
export async function pythonOutput(python: string, code: string, args: string[] = []): Promise<string> {
  const { stdout } = await run(python, ['-c', code, ...args], { maxBuffer: 1 << 24 });
  return stdout;
}

/** `torchrun --nproc_per_node=N script` on one node, as CPU processes (gloo); its standard output. */
export async function runTorchrun(
  torchrun: Torchrun,
  dir: string,
  name: string,
  text: string,
  ranks: number,
) {
  writeFileSync(join(dir, name), text);
  // Redirecting only stderr (tee'd back to the console) is a value the quirk parses; stdout is untouched.
  const quirk = torchrun.needsRedirects ? ['--redirects', '2', '--tee', '2'] : [];
  // `--standalone` in torch 1.13 always takes port 29400, which another test on this machine may hold;
  // the same single-node rendezvous on a free port (`:0`) cannot collide.
  const rendezvous = ['--nnodes=1', '--rdzv_backend=c10d', '--rdzv_endpoint=localhost:0'];
  const { stdout } = await run(torchrun.path, [...quirk, ...rendezvous, `--nproc_per_node=${ranks}`, name], {
    cwd: dir,
    // One thread per rank: three ranks on a small machine otherwise fight over every core.
    env: { ...process.env, OMP_NUM_THREADS: '1', CUDA_VISIBLE_DEVICES: '' },
    maxBuffer: 1 << 24,
  });
  return stdout;
}

/** The losses of `step N  loss X` lines, in order. */
export function printedLosses(output: string): number[] {
  return [...output.matchAll(/^step +(\d+) {2}loss (\S+)$/gm)].map((m) => Number(m[2]));
}

/** Largest |a − b| / |b| over the first `count` entries (Infinity when either is shorter). */
export function largestRelativeDifference(a: number[], b: number[], count: number): number {
  if (a.length < count || b.length < count) return Number.POSITIVE_INFINITY;
  let largest = 0;
  for (let i = 0; i < count; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    largest = Math.max(largest, Math.abs(x - y) / Math.abs(y));
  }
  return largest;
}
