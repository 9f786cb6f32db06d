import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrate';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './testing/index';

describe.each(testDatabaseKinds())('schema on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('migrating again changes nothing', async () => {
    const results = await migrateToLatest(database.db);
    expect(results).toEqual([]);
    const tables = await sql<{ n: string }>`select count(*) as n from information_schema.tables where table_schema = 'public'`.execute(database.db);
    expect(Number(tables.rows[0]?.n)).toBeGreaterThanOrEqual(13);
  });
});
