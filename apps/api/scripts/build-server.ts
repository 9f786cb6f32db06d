/**
 * Builds the production server: one ES module, apps/api/dist/main.js (see bundleServer). `npm start`
 * runs it with plain `node`: no TypeScript compiled at run time.
 */
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleServer } from './bundle';

const apiDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(apiDir, 'dist');
// Chunk names change with their contents: start clean so no stale chunk is left beside main.js.
rmSync(outdir, { recursive: true, force: true });
const bytes = await bundleServer({ main: resolve(apiDir, 'src/entry/main.ts') }, outdir);
process.stdout.write(
  `built apps/api/dist/main.js and its chunks (${Math.round(bytes / 1024)} KB with its source map)\n`,
);
