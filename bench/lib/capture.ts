import type { Database, DB } from '@app/db';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
  ms: number;
}

// The product's type parsing (packages/db/src/connection.ts): int8 and date as text.
const INT8_OID = 20;
const DATE_OID = 1082;
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID || oid === DATE_OID) return (value: string) => value;
    const builtIn = pg.types.getTypeParser as (oid: number, format?: 'text' | 'binary') => (value: string) => unknown;
    return builtIn(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * A PostgreSQL Database like createDatabase's, whose Kysely records every statement it runs: the
 * exact SQL the product issues, for counting round trips and for EXPLAIN.
 */
export function createCapturingDatabase(url: string, poolMax: number): Database & { captured: CapturedQuery[] } {
  const captured: CapturedQuery[] = [];
  const pool = new pg.Pool({ connectionString: url, max: poolMax, types: pgTypes });
  // The bench drops its scratch databases WITH (FORCE): an idle client cut then is not an error.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query')
        captured.push({ sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
    },
  });
  return { db, kind: 'postgres', pglite: undefined, connectionString: url, close: () => db.destroy(), captured };
}

/** Inlines $n parameters as literals, so a plan can be shown (and re-run) as plain SQL. */
export function inlineParameters(text: string, parameters: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const v = parameters[Number(n) - 1];
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    const text = v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : JSON.stringify(v);
    return `'${text.replace(/'/g, "''")}'`;
  });
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of a captured statement, inside a rolled-back transaction (writes
 * leave nothing). Run twice on one connection and the second plan kept: a pooled connection has
 * its catalog cache warm, a fresh one spends milliseconds planning the first time.
 */
export async function explainAnalyze(url: string, query: CapturedQuery): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    const explain = `explain (analyze, buffers, costs off, summary on) ${query.sql}`;
    await client.query(explain, [...query.parameters]);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(explain, [...query.parameters]);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  }
}

/** Seq scans on tables that grow with the business (orders and everything hanging off them). */
export function bigTableSeqScans(plan: string): string[] {
  const big = [
    'orders',
    'customers',
    'shipments',
    'order_items',
    'status_history',
    'webhook_inbox',
    'rate_limits',
    'messages',
  ];
  return [...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1] ?? '').filter((t) => big.includes(t));
}
