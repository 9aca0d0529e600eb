import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';

const SOURCE = new URL('./serviceWorker.js', import.meta.url);

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/**
 * Emits `sw.js` beside index.html, with the list of every built file (the bundles, the worker, the
 * styles, public/ — the digits and the icon) to precache, and a version hashed from their names and
 * contents, so a new deploy installs a new worker. Source maps are left out: nobody needs them offline.
 */
export function precache(publicDir = 'public'): Plugin {
  return {
    name: 'precache-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      const files = ['./'];
      for (const [fileName, output] of Object.entries(bundle)) {
        if (fileName.endsWith('.map')) continue;
        hash.update(fileName).update(output.type === 'chunk' ? output.code : output.source);
        if (fileName !== 'index.html') files.push(fileName);
      }
      for (const file of filesUnder(publicDir)) {
        hash.update(file).update(readFileSync(join(publicDir, file)));
        files.push(file);
      }
      const manifest = { version: hash.digest('hex').slice(0, 16), files: files.sort() };
      const source = readFileSync(SOURCE, 'utf8').replace(
        'const { version, files } = PRECACHE;',
        `const { version, files } = ${JSON.stringify(manifest)};`,
      );
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
