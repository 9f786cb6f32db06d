import { setFlagsFromString } from 'node:v8';
import { compactHeap } from './heap-compaction';
import { holdYoungGeneration } from './young-generation';

/** Flags that say how the process's optimizing compiler should run: given one, it is left alone. */
const OPTIMIZER_FLAGS = /^--(no-)?(opt|turbofan|maglev|jitless|max-opt)\b/;

/**
 * Keeps V8's optimizing compiler (Turbofan) off while the server starts, and on afterwards. A start
 * runs most of its code once (module bodies, migrations, building the routers, the queue's setup),
 * yet V8 optimized what ran often enough on its background thread, and that work's memory stayed
 * resident (issue 26: 90-91 MB 3 s after start with it, 83-84 MB without) while it took CPU from the
 * start itself on a small machine. Ignition and Sparkplug run the code meanwhile; once released,
 * what is hot under load is optimized as before (the unit test checks it on this Node). A process
 * started with its own compiler flags is left alone.
 */
function holdOptimizer(): () => void {
  if (process.execArgv.some((arg) => OPTIMIZER_FLAGS.test(arg))) return () => undefined;
  setFlagsFromString('--no-turbofan');
  return () => setFlagsFromString('--turbofan');
}

/**
 * What `main.ts` (and the bench's product wrapper) holds while the program loads and the runtime
 * starts: the young generation at its starting size (holdYoungGeneration) and the optimizing
 * compiler off (holdOptimizer). The release lets both run as usual again and compacts the heap
 * once (compactHeap), so that what the start dropped gives its pages back. Call it before the
 * program's modules are imported (they load under the hold) and release once the server is up;
 * releasing twice does nothing.
 */
export function holdStartUp(): () => void {
  const releaseYoungGeneration = holdYoungGeneration();
  const releaseOptimizer = holdOptimizer();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    releaseYoungGeneration();
    releaseOptimizer();
    compactHeap();
  };
}
