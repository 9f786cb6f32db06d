import { build, type Plugin } from 'esbuild';

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

/**
 * ES modules from server entry points (one file per entry, named after it, plus shared chunks
 * beside them: code reached only by `import()`, such as the PDF stack, is a chunk loaded on first
 * use), with the workspace packages (@app/db, @app/shipping,
 * which publish TypeScript sources) compiled in and every npm package left to node_modules. The
 * output folder must sit inside the repository (apps/api/dist, bench/results/build): REPO_ROOT is the
 * nearest folder above the module that declares the npm workspaces.
 * Returns the bytes written (modules and source maps).
 */
export async function bundleServer(entryPoints: Record<string, string>, outdir: string): Promise<number> {
  const result = await build({
    entryPoints,
    outdir,
    entryNames: '[name]',
    // Beside the entry, not in a sub-folder: every chunk keeps the entry's depth below the root.
    chunkNames: 'chunk-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [npmPackagesExternal],
    metafile: true,
  });
  return Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
}
