import { describe, expect, it } from 'vitest';
import { bundledFixture } from '../../test/support/bundled-fixture';

const fixture = bundledFixture('heap-compaction');

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

/** The fixture in its own node, its printed result (V8's flags are per process). */
async function run(nodeFlags: string[]): Promise<Result> {
  return JSON.parse(await fixture(nodeFlags)) as Result;
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
