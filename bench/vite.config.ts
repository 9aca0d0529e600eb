// The benchmark page is its own small Vite app (root bench/page) so TF.js never enters the real page's
// bundle and the runner can build and serve it without building the playground.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./page'),
  base: './',
  // The real page's public/ (e.g. data/digits.bin) is not needed: the bench makes its data from seeds.
  publicDir: false,
  logLevel: 'warn',
  build: {
    // Inside node_modules/.cache so git, Biome and tsc ignore it without any change to their configs.
    outDir: here('../node_modules/.cache/bench-dist'),
    emptyOutDir: true,
    target: 'es2022',
    // TF.js is a few MB on purpose; the warning would only be noise here.
    chunkSizeWarningLimit: 4096,
  },
});
