import { CompiledQuery, sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from './connection';
import type { DB } from './schema';

/**
 * How the job queue library (pg-boss) runs its own SQL: its `db.executeSql` hook. The queue's SQL
 * is the library's; this module only decides which connection carries it.
 */
export interface RawSqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * The queue's SQL inside an open transaction: a job sent this way exists if and only if the
 * transaction that caused it commits.
 */
export function rawSqlIn(tx: Kysely<DB>): RawSqlExecutor {
  return {
    async executeSql(text, values) {
      const result = await tx.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: [...result.rows] };
    },
  };
}

/**
 * The queue's SQL on embedded PGlite. PGlite is one session: the app's transactions hold it through
 * Kysely's driver (BEGIN ... COMMIT as plain statements), so a queue statement sent straight to the
 * engine could land inside an app transaction and be rolled back with it (a fetched job handed out
 * twice). Each statement therefore takes the session through the same driver, between transactions.
 * Statements without parameters may be several (the library's schema and locked maintenance blocks)
 * and go through `exec`; one that fails inside its own BEGIN is rolled back before the session is
 * handed on.
 */
export function rawSqlOnPglite(database: Database): RawSqlExecutor {
  const pglite = database.pglite;
  if (!pglite) throw new Error('rawSqlOnPglite needs the PGlite engine');
  return {
    executeSql: (text, values) =>
      database.db.connection().execute(async () => {
        try {
          if (values && values.length > 0) return { rows: (await pglite.query(text, values)).rows };
          const results = await pglite.exec(text);
          return { rows: results.flatMap((r) => r.rows) };
        } catch (err) {
          if (pglite.isInTransaction()) await pglite.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
  };
}

/**
 * Runs `work` while this process holds a PostgreSQL session lock named `name`, so instances that
 * start together do it one after another (the job queue's set-up: two instances creating its
 * queues at once deadlock inside the library). `work` may use other connections. PGlite has one
 * process and one session, so there it simply runs.
 */
export async function whileHoldingLock<T>(database: Database, name: string, work: () => Promise<T>): Promise<T> {
  if (database.kind === 'pglite') return work();
  return database.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtext(${name}))`.execute(conn);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${name}))`.execute(conn);
    }
  });
}

/** Sends `payload` on `channel` when the transaction commits (PostgreSQL holds NOTIFYs until then). */
export async function notifyOnCommit(tx: Kysely<DB>, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(tx);
}

export interface Listening {
  close(): Promise<void>;
}

/**
 * Calls `onPayload` for every NOTIFY on `channel`. On PostgreSQL this is one dedicated connection,
 * opened again after it drops (a second later, then every 5 s); after each (re)connect `onPayload`
 * is called with null, since notifications sent while it was down are gone. On PGlite the engine
 * delivers them in-process.
 */
export async function listenOn(
  database: Database,
  channel: string,
  onPayload: (payload: string | null) => void,
  onError: (err: Error) => void,
): Promise<Listening> {
  if (database.kind === 'pglite') {
    const pglite = database.pglite;
    if (!pglite) throw new Error('PGlite database without its engine');
    const unsubscribe = await database.db.connection().execute(() => pglite.listen(channel, (p) => onPayload(p)));
    return {
      close: async () => {
        if (pglite.closed) return;
        await database.db
          .connection()
          .execute(() => unsubscribe())
          .catch(() => undefined);
      },
    };
  }
  const url = database.connectionString;
  if (!url) throw new Error('PostgreSQL database without its connection string');
  let closed = false;
  let current: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url, application_name: 'icarry-jobs-listen' });
    const lost = (err?: Error) => {
      if (err) onError(err);
      if (closed || current !== client) return;
      current = undefined;
      client.end().catch(() => undefined);
      retry(1000);
    };
    client.on('notification', (msg) => {
      if (msg.channel === channel) onPayload(msg.payload ?? null);
    });
    client.on('error', (err) => lost(err));
    client.on('end', () => lost());
    current = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (err) {
      current = undefined;
      client.end().catch(() => undefined);
      throw err;
    }
    onPayload(null);
  };
  const retry = (ms: number) => {
    if (closed) return;
    timer = setTimeout(() => {
      connect().catch((err: unknown) => {
        onError(err instanceof Error ? err : new Error(String(err)));
        retry(5000);
      });
    }, ms);
    timer.unref();
  };

  await connect();
  return {
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      const client = current;
      current = undefined;
      await client?.end().catch(() => undefined);
    },
  };
}
