import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleServer } from '@app/api/bundle';
import { BASELINE_SERVER_SOURCE, BUILD_DIR, PRODUCT_SERVER_SOURCE, REPO_ROOT } from './paths';

let built: Promise<void> | undefined;

/**
 * Packages npm installed under apps/api/node_modules (a version other than the root's, such as
 * `cookie` 1.x beside express's 0.7): the product's bundle imports them by name, and from
 * bench/results/build Node would look only in the root's node_modules. Linked into the build
 * folder's own node_modules, they resolve as they do from apps/api/dist.
 */
function linkNestedPackages(): void {
  const nested = resolve(REPO_ROOT, 'apps/api/node_modules');
  if (!existsSync(nested)) return;
  const target = join(BUILD_DIR, 'node_modules');
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(nested)) {
    if (!name.startsWith('.')) symlinkSync(join(nested, name), join(target, name), 'dir');
  }
}

/**
 * The bench's child servers (the product wrapper and the bare baseline) as plain ES modules, built
 * the way `npm start` builds the product, so neither side pays for TypeScript at run time and their
 * memory compares like with like. Once per bench run.
 */
export function buildBenchServers(): Promise<void> {
  built ??= (async () => {
    rmSync(BUILD_DIR, { recursive: true, force: true });
    // Two builds, so the baseline shares no chunk (and no code) with the product.
    await bundleServer({ product: PRODUCT_SERVER_SOURCE }, BUILD_DIR);
    await bundleServer({ baseline: BASELINE_SERVER_SOURCE }, BUILD_DIR);
    linkNestedPackages();
  })();
  return built;
}
