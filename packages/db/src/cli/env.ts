import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { z } from 'zod';

// packages/db/src/cli -> repository root, so the default folder is the one `npm start` uses.
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const schema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional()),
  PGLITE_DIR: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined)),
});

export interface CliEnv {
  /** PostgreSQL URL; undefined = embedded PGlite in `pgliteDir`. */
  databaseUrl: string | undefined;
  /** Absolute PGlite data folder (PGLITE_DIR, relative to the repository root; default .data/pglite). */
  pgliteDir: string;
}

/**
 * The only place the database CLIs read the environment: process.env over the repository's `.env`
 * (the environment wins, as for the app). Throws an error naming the bad variable.
 */
export function readCliEnv(env: NodeJS.ProcessEnv = process.env, dotenvPath = resolve(REPO_ROOT, '.env')): CliEnv {
  const fromFile = existsSync(dotenvPath) ? parseEnv(readFileSync(dotenvPath, 'utf8')) : {};
  const parsed = schema.safeParse({ ...fromFile, ...env });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${issues}`);
  }
  const dir = parsed.data.PGLITE_DIR ?? '.data/pglite';
  return {
    databaseUrl: parsed.data.DATABASE_URL,
    pgliteDir: isAbsolute(dir) ? dir : resolve(REPO_ROOT, dir),
  };
}

/** For log lines: where the data lives, without the password. */
export function describeTarget(env: CliEnv): string {
  if (!env.databaseUrl) return `PGlite at ${env.pgliteDir}`;
  const url = new URL(env.databaseUrl);
  if (url.password) url.password = '***';
  return `PostgreSQL ${url.host}${url.pathname}`;
}

/** For the CLIs: the environment, or a one-line reason and exit code 2. */
export function readCliEnvOrExit(tag: string): CliEnv {
  try {
    return readCliEnv();
  } catch (error) {
    console.error(`[${tag}] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}
