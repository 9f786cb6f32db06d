import { describe, expect, it } from 'vitest';
import { bundledFixture } from '../../test/support/bundled-fixture';

const fixture = bundledFixture('start-up-hold');

/** The fixture in its own node, its printed result (V8's flags are per process). */
async function run(nodeFlags: string[]): Promise<{ held: boolean; released: boolean }> {
  return JSON.parse(await fixture(['--allow-natives-syntax', ...nodeFlags])) as { held: boolean; released: boolean };
}

describe('holdStartUp', () => {
  it('keeps hot code unoptimized until released, and optimizes it after', async () => {
    expect(await run([])).toEqual({ held: false, released: true });
  });

  it('leaves a process started with its own compiler flags alone', async () => {
    expect(await run(['--no-opt'])).toEqual({ held: false, released: false });
  });
});
