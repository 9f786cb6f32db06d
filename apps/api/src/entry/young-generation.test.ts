import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const fixture = resolve(import.meta.dirname, '../../test/fixtures/young-generation-growth.ts');
const dir = mkdtempSync(join(tmpdir(), 'young-generation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Sizes {
  initial: number;
  held: number;
  released: number;
}

/** Bundles the fixture as the server is bundled and runs it in its own node (V8's flags are per process). */
async function run(nodeFlags: string[]): Promise<Sizes> {
  await build({
    entryPoints: { fixture },
    outdir: dir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  return JSON.parse(
    execFileSync(process.execPath, [...nodeFlags, join(dir, 'fixture.js')], { encoding: 'utf8' }),
  ) as Sizes;
}

describe('holdYoungGeneration', () => {
  it('keeps the young generation at its starting size until released, then lets it grow', async () => {
    const sizes = await run([]);
    // new_space counts both semi-spaces; the second is committed at the first scavenge.
    expect(sizes.held).toBeLessThanOrEqual(2 * sizes.initial);
    expect(sizes.released).toBeGreaterThan(sizes.held);
  });

  it('leaves a process started with its own growth factor alone', async () => {
    const sizes = await run(['--semi-space-growth-factor=2']);
    expect(sizes.held).toBeGreaterThan(2 * sizes.initial);
  });
});
