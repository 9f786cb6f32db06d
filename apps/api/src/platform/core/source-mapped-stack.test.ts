import { describe, expect, it } from 'vitest';
import { bundledFixture } from '../../../test/support/bundled-fixture';

const fixture = bundledFixture('throws-from-source', { sourceMap: true });

/** The fixture, bundled with a linked source map, run with plain node: what it printed. */
async function run(nodeFlags: string[]): Promise<string> {
  return fixture(nodeFlags);
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
