import { defineConfig } from '@playwright/test';
import { launchOptions } from './scripts/chromium.mjs';

/**
 * The preview server's port: E2E_PORT, else one derived from this checkout's folder, so that several
 * checkouts (git worktrees) running their end-to-end tests side by side never reuse each other's server.
 */
function checkoutPort(): number {
  let hash = 0;
  for (const char of process.cwd()) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 1000;
  return 4178 + hash;
}

const PORT = Number(process.env.E2E_PORT ?? checkoutPort());

/**
 * End-to-end tests against the built page (`vite preview`), in Chromium twice: with WebGPU (real, on
 * SwiftShader where there is no GPU) and without it (the CPU fallback).
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  timeout: 60_000,
  // The first step waits for the worker to set up its GPUs, which takes a few seconds on a software GPU.
  expect: { timeout: 15_000 },
  use: {
    baseURL: `http://localhost:${PORT}/`,
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
  projects: [
    {
      name: 'webgpu',
      // SwiftShader compiles slowly on a 2-core machine: `npm test` runs the WebGPU-specific specs on it
      // (the engine badge and split, device loss, a DDP step); E2E_WEBGPU_ALL=1 runs every spec there too.
      ...(process.env.E2E_WEBGPU_ALL ? {} : { testMatch: /(split|deviceLoss|ddpWebgpu)\.spec\.ts/ }),
      use: { browserName: 'chromium', launchOptions: launchOptions({ webgpu: true }) },
    },
    { name: 'cpu', use: { browserName: 'chromium', launchOptions: launchOptions({ webgpu: false }) } },
  ],
});
