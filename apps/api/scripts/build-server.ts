/**
 * Builds the production server: one ES module, apps/api/dist/main.js, with the workspace packages
 * (@app/db, @app/shipping, which publish TypeScript sources) compiled in and every npm package left
 * to node_modules. `npm start` runs it with plain `node`: no TypeScript compiled at run time.
 */
import { build, type Plugin } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const apiDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bare imports stay imports (node_modules at run time), except our own workspace packages. */
const npmPackagesExternal: Plugin = {
  name: 'npm-packages-external',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@app/') || args.path.startsWith('node:')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const result = await build({
  entryPoints: [resolve(apiDir, 'src/main.ts')],
  outfile: resolve(apiDir, 'dist/main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [npmPackagesExternal],
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
process.stdout.write(`built apps/api/dist/main.js (${Math.round(bytes / 1024)} KB with its source map)\n`);
