import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PreparingClient } from './prepared';
import type { DB } from './schema';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** Present on PGlite: the in-process engine (the job queue shares it). */
  pglite: PGlite | undefined;
  /** Present on PostgreSQL: the connection string (the job queue opens its own pool). */
  connectionString: string | undefined;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; when absent an embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder; absent = in memory. Ignored with `url`. */
  dataDir?: string | undefined;
  /** PGlite only: start from a dump made by `dumpDataDir` (tests use a migrated template). */
  loadDataDir?: Blob | File | undefined;
  poolMax?: number | undefined;
  /**
   * PostgreSQL only: an idle pooled connection broke (the server restarted, failed over, or an
   * admin ended it). The pool drops it and opens a new one on the next query; without a listener
   * `pg` would throw the error out of the process.
   */
  onIdleConnectionError?: ((err: Error) => void) | undefined;
}

// Same value shapes on both engines: int8 (ids, counts) as string, date as 'yyyy-mm-dd' text.
const INT8_OID = 20;
const DATE_OID = 1082;
const identity = (value: string) => value;

const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID || oid === DATE_OID) return identity;
    const builtIn = pg.types.getTypeParser as (oid: number, format?: 'text' | 'binary') => (value: string) => unknown;
    return builtIn(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Opens the database: PostgreSQL through `pg` when a URL is given, else embedded PGlite. */
export async function createDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax ?? 10,
      types: pgTypes,
      // Hot statements are prepared once per connection (prepareOnEveryConnection).
      Client: PreparingClient,
      // No JIT compilation: every statement here is OLTP-sized, and a join the planner overestimates
      // (a sweep over the active shipments costed at 1.5 M) paid 6.4 s of LLVM compilation for a
      // 0.2 s query, a core taken from the lookups beside it (docs/performance.md). A URL that sets
      // its own `options` parameter keeps its own.
      options: '-c jit=off',
    });
    pool.on('error', (err) => options.onIdleConnectionError?.(err));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', pglite: undefined, connectionString: options.url, close: () => db.destroy() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // Loaded only when used: a server on PostgreSQL never holds the embedded engine's code.
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('kysely-pglite-dialect'),
  ]);
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [INT8_OID]: identity, [DATE_OID]: identity },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    pglite,
    connectionString: undefined,
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** True when a trivial query answers. */
export async function isDatabaseReachable(db: Kysely<DB>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
