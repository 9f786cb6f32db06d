import { setFlagsFromString } from 'node:v8';

/** V8's default, restored once the server is up (see holdYoungGeneration). */
const DEFAULT_GROWTH_FACTOR = 2;

/**
 * Keeps V8's young generation at its starting size (1 MB semi-spaces) while the server starts, and
 * lets it grow as usual afterwards. Start-up (loading the modules, building the routers, migrations,
 * the queue, the sandbox) keeps most of what it allocates, and by default each scavenge that keeps a
 * semi-space's worth doubles the young generation: it reached its 2 x 16 MB cap within a second of
 * start and stayed resident until the first scavenge at rest, half a minute later (issue 26:
 * 125 MB 3 s after start, 94 MB after 45 s, the difference the young generation). Under load it
 * grows to its cap as before: the cap (`--max-semi-space-size`) is not touched, only the growth
 * factor for the length of the start. The call returns the release; a process started with its own
 * `--semi-space-growth-factor` is left alone.
 */
export function holdYoungGeneration(): () => void {
  if (process.execArgv.some((arg) => arg.startsWith('--semi-space-growth-factor'))) return () => undefined;
  setFlagsFromString('--semi-space-growth-factor=1');
  let released = false;
  return () => {
    if (released) return;
    released = true;
    setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
  };
}
