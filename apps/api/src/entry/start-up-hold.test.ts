import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const fixture = resolve(import.meta.dirname, '../../test/fixtures/start-up-hold.ts');
const dir = mkdtempSync(join(tmpdir(), 'start-up-hold-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles the fixture as the server is bundled and runs it in its own node (V8's flags are per process). */
async function run(nodeFlags: string[]): Promise<{ held: boolean; released: boolean }> {
  await build({
    entryPoints: { fixture },
    outdir: dir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  return JSON.parse(
    execFileSync(process.execPath, ['--allow-natives-syntax', ...nodeFlags, join(dir, 'fixture.js')], {
      encoding: 'utf8',
    }),
  ) as { held: boolean; released: boolean };
}

describe('holdStartUp', () => {
  it('keeps hot code unoptimized until released, and optimizes it after', async () => {
    expect(await run([])).toEqual({ held: false, released: true });
  });

  it('leaves a process started with its own compiler flags alone', async () => {
    expect(await run(['--no-opt'])).toEqual({ held: false, released: false });
  });
});
