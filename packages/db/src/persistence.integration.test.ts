import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from './connection';
import { migrateToLatest } from './migrate';
import { countOrdersByStatus } from './repositories/order-list.repository';
import { findOrderByNumber } from './repositories/order.repository';
import { insertOrder } from './testing/index';

// `npm start` keeps its data in a PGlite folder; a restart must find it there.
describe('PGlite data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'icarry-pglite-restart-'));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps orders and status counts across close and reopen', async () => {
    const first = await createDatabase({ dataDir });
    await migrateToLatest(first.db);
    const order = await insertOrder(first.db, { status: 'shipped' });
    await first.close();

    const reopened = await createDatabase({ dataDir });
    try {
      expect(await migrateToLatest(reopened.db)).toEqual([]);
      const found = await findOrderByNumber(reopened.db, order.order_number);
      expect(found).toMatchObject({ id: order.id, status: 'shipped', totalPaise: order.total_paise });
      expect((await countOrdersByStatus(reopened.db)).shipped).toBe(1);
    } finally {
      await reopened.close();
    }
  });
});
