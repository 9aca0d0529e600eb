import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { launchOptions } from './scripts/chromium.mjs';
import { contentSecurityPolicy } from './scripts/contentSecurityPolicy';
import { precache } from './scripts/precache';

export default defineConfig({
  // Relative asset paths: the built dist/ works from any folder or sub-path.
  base: './',
  plugins: [react(), contentSecurityPolicy(), precache()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { host: 'localhost' },
  preview: { host: 'localhost' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.gpu.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['app/**/*.test.ts', 'app/**/*.test.tsx'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['src/**/*.gpu.test.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: launchOptions({ webgpu: true }) }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
