import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll } from 'vitest';

/**
 * A fixture from test/fixtures bundled as the server is bundled (one ES module, esbuild) and run
 * with plain node in its own process, for what only a fresh process shows (V8's flags are per
 * process; a stack mapped through the bundle's source map). Call at the top of a test file; the
 * returned function runs the fixture with the given node flags and answers what it printed.
 */
export function bundledFixture(name: string, options: { sourceMap?: boolean } = {}) {
  const fixture = resolve(import.meta.dirname, '../fixtures', `${name}.ts`);
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let built: Promise<string> | undefined;
  return async (nodeFlags: readonly string[] = []): Promise<string> => {
    built ??= build({
      entryPoints: { fixture },
      outdir: dir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      ...(options.sourceMap ? { sourcemap: 'linked' as const } : {}),
      logLevel: 'warning',
    }).then(() => join(dir, 'fixture.js'));
    return execFileSync(process.execPath, [...nodeFlags, await built], { encoding: 'utf8' });
  };
}
