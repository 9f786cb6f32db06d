import { rmSync } from 'node:fs';
import { bundleServer } from '@app/api/bundle';
import { BASELINE_SERVER_SOURCE, BUILD_DIR, PRODUCT_SERVER_SOURCE } from './paths';

let built: Promise<void> | undefined;

/**
 * The bench's child servers (the product wrapper and the bare baseline) as plain ES modules, built
 * the way `npm start` builds the product, so neither side pays for TypeScript at run time and their
 * memory compares like with like. Once per bench run.
 */
export function buildBenchServers(): Promise<void> {
  built ??= (async () => {
    rmSync(BUILD_DIR, { recursive: true, force: true });
    // Two builds, so the baseline shares no chunk (and no code) with the product.
    // `cookie` 1.x is installed only under apps/api/node_modules (express keeps 0.7 nested), out of
    // reach of a module in bench/results/build: compiled in.
    await bundleServer({ product: PRODUCT_SERVER_SOURCE }, BUILD_DIR, ['cookie']);
    await bundleServer({ baseline: BASELINE_SERVER_SOURCE }, BUILD_DIR);
  })();
  return built;
}
