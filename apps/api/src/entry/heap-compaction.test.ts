import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const fixture = resolve(import.meta.dirname, '../../test/fixtures/heap-compaction.ts');
const dir = mkdtempSync(join(tmpdir(), 'heap-compaction-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Space {
  committed: number;
  used: number;
}
interface Result {
  before: Space;
  after: Space;
  survivors: number;
  gcOnGlobal: boolean;
}

/** Bundles the fixture as the server is bundled and runs it in its own node (V8's flags are per process). */
async function run(nodeFlags: string[]): Promise<Result> {
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
  ) as Result;
}

describe('compactHeap', () => {
  it('gives back the old generation pages that only dropped objects held', async () => {
    const { before, after, survivors, gcOnGlobal } = await run([]);
    expect(survivors).toBe(80_000);
    // Compacted: what stays committed is close to what is used, well below what was committed.
    expect(after.committed).toBeLessThan(before.committed * 0.6);
    expect(after.committed - after.used).toBeLessThan(2);
    // V8's gc() is taken from a fresh context: the program's global object is left as it was.
    expect(gcOnGlobal).toBe(false);
  });

  it('uses the process own gc() when started with --expose-gc', async () => {
    const { before, after, gcOnGlobal } = await run(['--expose-gc']);
    expect(gcOnGlobal).toBe(true);
    expect(after.committed).toBeLessThan(before.committed * 0.6);
  });
});
