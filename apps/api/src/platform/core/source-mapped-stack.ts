import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Stack traces of the built server (apps/api/dist/*.js) named by their TypeScript sources, read from
 * the bundle's linked source maps only when an error is logged. `node --enable-source-maps` does the
 * same for every error but parses every map at start and keeps them: ~25 MB resident for the
 * server's 2.3 MB map (issue 26). A map read here is kept for a minute after its last use, then
 * dropped: a burst of errors parses it once, a server that logs none keeps nothing.
 */

const KEEP_MS = 60_000;

interface Kept {
  map: SourceMap | null;
  dir: string;
  timer: NodeJS.Timeout | undefined;
}

const kept = new Map<string, Kept>();

function mapFor(file: string): Kept {
  let entry = kept.get(file);
  if (!entry) {
    const mapFile = `${file}.map`;
    let map: SourceMap | null = null;
    // Only the bundle's own chunks have a map beside them; node_modules frames stay as they are.
    if (!file.includes('/node_modules/') && existsSync(mapFile)) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload);
      } catch {
        map = null;
      }
    }
    entry = { map, dir: dirname(mapFile), timer: undefined };
    kept.set(file, entry);
  }
  clearTimeout(entry.timer);
  entry.timer = setTimeout(() => kept.delete(file), KEEP_MS);
  entry.timer.unref();
  return entry;
}

// "    at fn (file:///x/dist/main.js:12:34)" or "    at file:///x/dist/main.js:12:34"
const FRAME = /^(\s*at (?:.*? \()?)((?:file:\/\/)?\/[^():]+\.js):(\d+):(\d+)(\)?)$/;

function mapLine(line: string): string {
  const m = FRAME.exec(line);
  if (!m) return line;
  const [, head = '', location = '', lineText = '', columnText = '', tail = ''] = m;
  const file = location.startsWith('file://') ? fileURLToPath(location) : location;
  const { map, dir } = mapFor(file);
  if (!map) return line;
  const entry = map.findEntry(Number(lineText) - 1, Number(columnText) - 1) as {
    originalSource?: string;
    originalLine?: number;
    originalColumn?: number;
  };
  if (entry.originalSource === undefined || entry.originalLine === undefined) return line;
  const source = entry.originalSource.startsWith('file://')
    ? fileURLToPath(entry.originalSource)
    : resolve(dir, entry.originalSource);
  return `${head}${source}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}${tail}`;
}

/**
 * The stack with each frame in a bundled file that has a source map rewritten to its source file,
 * line and column; other frames, and every frame when Node already maps stacks
 * (`--enable-source-maps`), unchanged.
 */
export function sourceMappedStack(stack: string): string {
  if (process.sourceMapsEnabled) return stack;
  try {
    return stack.split('\n').map(mapLine).join('\n');
  } catch {
    return stack;
  }
}
