import { sql } from 'kysely';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrate';
import { migrations } from './migrations/index';
import { countOrdersByStatus } from './repositories/order-list.repository';
import { createTestDatabase, insertOrder, testDatabaseKinds, type TestDatabase } from './testing/index';

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
    const tables = await sql<{
      n: string;
    }>`select count(*) as n from information_schema.tables where table_schema = 'public'`.execute(database.db);
    expect(Number(tables.rows[0]?.n)).toBeGreaterThanOrEqual(14);
  });

  it('has the search indexes', async () => {
    const { rows } = await sql<{
      indexname: string;
    }>`select indexname from pg_indexes where schemaname = 'public'`.execute(database.db);
    const names = rows.map((r) => r.indexname);
    expect(names).toEqual(
      expect.arrayContaining([
        'orders_order_number_upper_idx',
        'shipments_awb_idx',
        'orders_customer_placed_idx',
        'customers_name_search_idx',
      ]),
    );
    expect(names).not.toContain('orders_customer_idx');
    expect(names).not.toContain('customers_name_lower_idx');
  });

  it('rolls the later migrations back and forward, counting orders that already exist', async () => {
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo('2026_11_25_120000_initial_schema');
    expect(down.error).toBeUndefined();
    await insertOrder(database.db, { status: 'delivered' });
    await insertOrder(database.db, { status: 'delivered' });
    await insertOrder(database.db, { status: 'cancelled' });

    const up = await migrateToLatest(database.db);
    expect(up.map((r) => r.migrationName)).toEqual(Object.keys(migrations).slice(1));
    expect(await countOrdersByStatus(database.db)).toMatchObject({ delivered: 2, cancelled: 1, processing: 0 });
    await database.db.updateTable('orders').set({ status: 'lost' }).where('status', '=', 'cancelled').execute();
    expect(await countOrdersByStatus(database.db)).toMatchObject({ cancelled: 0, lost: 1 });
  });
});
