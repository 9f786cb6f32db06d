import { describe, expect, it } from 'vitest';
import { bundledFixture } from '../../test/support/bundled-fixture';

const fixture = bundledFixture('young-generation-growth');

interface Sizes {
  initial: number;
  held: number;
  released: number;
}

/** The fixture in its own node, its printed result (V8's flags are per process). */
async function run(nodeFlags: string[]): Promise<Sizes> {
  return JSON.parse(await fixture(nodeFlags)) as Sizes;
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
