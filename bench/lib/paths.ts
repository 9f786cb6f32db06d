import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(BENCH_DIR, '..');
/** Gitignored: logs and per-run JSON/Markdown results. */
export const RESULTS_DIR = resolve(BENCH_DIR, 'results');
export const PRODUCT_SERVER = resolve(BENCH_DIR, 'servers/product.ts');
export const BASELINE_SERVER = resolve(BENCH_DIR, 'servers/baseline.ts');
export const WEB_DIR = resolve(REPO_ROOT, 'apps/web');
export const WEB_DIST = resolve(WEB_DIR, 'dist');
