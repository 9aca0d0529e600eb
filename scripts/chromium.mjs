// Where Chromium lives and how to start it with WebGPU; shared by Playwright, Vitest and the benchmark.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Flags that give headless Chromium a real WebGPU adapter (SwiftShader where there is no GPU). */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan'];

/** Flags that keep Chromium from reaching for the network on a closed machine. */
export const QUIET_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The Chromium to launch: `CHROMIUM_PATH`, then Debian's `/usr/bin/chromium`, then Playwright's own
 * download. Returns undefined when none exists.
 * @returns {string | undefined}
 */
export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  try {
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // Playwright has no browser of its own here.
  }
  return undefined;
}

/**
 * Launch options for Playwright: the browser found above, with or without WebGPU.
 * @param {{ webgpu?: boolean }} [options]
 */
export function launchOptions({ webgpu = true } = {}) {
  const executablePath = findChromium();
  const args = [...QUIET_ARGS, ...(webgpu ? WEBGPU_ARGS : [])];
  return executablePath ? { executablePath, args } : { args };
}
