import { sql, type Kysely } from 'kysely';

// Frozen in time: this file imports nothing from the app.
//
// One row per (API key, Idempotency-Key): claimed with an insert that conflicts on the primary
// key, so however many instances receive the same request at once, one runs it. `fingerprint` is
// the SHA-256 of the canonical request body; `response_status`/`response_body` are the first
// answer, replayed for a retry. A row stays 'running' only while its request runs: the order and
// the finished row commit together. Rows are kept at least 24 hours (created_at is indexed for pruning).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('api_key_id', 'bigint', (c) => c.notNull().references('api_keys.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull().check(sql`length(key) between 1 and 255`))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('running', 'done')`))
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['api_key_id', 'key'])
    .addCheckConstraint(
      'idempotency_keys_done_check',
      sql`state = 'running' or (response_status is not null and response_body is not null)`,
    )
    .execute();
  await db.schema.createIndex('idempotency_keys_created_idx').on('idempotency_keys').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').ifExists().execute();
}
