import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(BENCH_DIR, '..');
/** Gitignored: logs and per-run JSON/Markdown results. */
export const RESULTS_DIR = resolve(BENCH_DIR, 'results');
export const PRODUCT_SERVER_SOURCE = resolve(BENCH_DIR, 'servers/product.ts');
export const BASELINE_SERVER_SOURCE = resolve(BENCH_DIR, 'servers/baseline.ts');
/** The child servers built by lib/build.ts (inside the repository, as bundleServer needs). */
export const BUILD_DIR = resolve(RESULTS_DIR, 'build');
export const PRODUCT_SERVER = resolve(BUILD_DIR, 'product.js');
export const BASELINE_SERVER = resolve(BUILD_DIR, 'baseline.js');
/** What `npm start` runs (built by `npm run build -w @app/api`). */
export const PRODUCT_MAIN = resolve(REPO_ROOT, 'apps/api/dist/main.js');
export const WEB_DIR = resolve(REPO_ROOT, 'apps/web');
export const WEB_DIST = resolve(WEB_DIR, 'dist');
