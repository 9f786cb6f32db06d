import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

export interface NodeInvocation {
  /** Environment the start script sets for the server process (e.g. MALLOC_ARENA_MAX). */
  env: Record<string, string>;
  /** Flags given to `node` before the script (e.g. --max-semi-space-size=4), none today. */
  flags: string[];
}

/**
 * How `npm start` runs the built server, read from the root package.json's "start" script
 * (`... && VAR=value node --flag apps/api/dist/main.js`), so the bench's child servers run as the
 * product does: one place decides, the bench cannot drift from it. The bare baseline gets the same
 * invocation (issue 26: the flags cost the baseline nothing and are fair to give both).
 */
export function startInvocation(): NodeInvocation {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const match = /(?:^|&&)\s*((?:[A-Z_]+=\S+\s+)*)node\s+((?:--\S+\s+)*)apps\/api\/dist\/main\.js\s*$/.exec(
    pkg.scripts.start,
  );
  if (!match)
    throw new Error(
      `package.json "start" does not end in \`node [flags] apps/api/dist/main.js\`: ${pkg.scripts.start}`,
    );
  const env = Object.fromEntries(
    (match[1] ?? '')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  const flags = (match[2] ?? '').trim().split(/\s+/).filter(Boolean);
  return { env, flags };
}

/** For a figure's note: "MALLOC_ARENA_MAX=2 node --max-semi-space-size=4". */
export function describeInvocation({ env, flags }: NodeInvocation): string {
  return [...Object.entries(env).map(([k, v]) => `${k}=${v}`), 'node', ...flags].join(' ');
}
