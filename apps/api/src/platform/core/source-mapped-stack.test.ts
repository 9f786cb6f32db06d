import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const fixture = resolve(import.meta.dirname, '../../../test/fixtures/throws-from-source.ts');
const dir = mkdtempSync(join(tmpdir(), 'mapped-stack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles the fixture as the server is bundled (ESM, linked source map) and runs it with plain node. */
async function run(nodeFlags: string[]): Promise<string> {
  await build({
    entryPoints: { fixture },
    outdir: dir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return execFileSync(process.execPath, [...nodeFlags, join(dir, 'fixture.js')], { encoding: 'utf8' });
}

describe('sourceMappedStack', () => {
  it('names the TypeScript source, line and column of a bundled frame, without --enable-source-maps', async () => {
    const stack = await run([]);
    expect(stack).toContain('Error: mapped');
    expect(stack).toMatch(/at failHere \(.*test\/fixtures\/throws-from-source\.ts:5:9\)/);
    expect(stack).not.toContain('fixture.js');
  });

  it('leaves a stack Node already mapped as it is', async () => {
    const stack = await run(['--enable-source-maps']);
    expect(stack).toMatch(/at failHere \(.*test\/fixtures\/throws-from-source\.ts:5:9\)/);
  });
});
