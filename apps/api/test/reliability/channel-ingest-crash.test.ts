import { createTestDatabase, testEnv, type TestDatabase } from '@app/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, waitFor, type TestStack } from '../../src/testing/index';
import { postShopify, postWoo, shopifyOrder, wooOrder } from '../support/channel-payloads';
import { killStartedApis, spawnApi } from './support/api-process';
import { startWorld, type World } from './support/world';

/**
 * The channel ingest crash drill (issue 26): a Shopify or WooCommerce delivery is answered once its
 * one INSERT commits and applied just after, off the request. An instance that stops (or dies)
 * between the answer and the apply loses nothing: the next instance to start applies what it
 * stored, in the order it arrived, once, and each customer message goes once.
 */
const SHOPIFY_SECRET = 'shopify-crash-drill-secret-0001';
const WOO_SECRET = 'woo-crash-drill-secret-0001';
const CHANNEL_ENV = {
  COD_CONFIRMATION: 'all',
  EMAIL_FROM: 'orders@store.example',
  SHOPIFY_SHOP_DOMAIN: 'test-store.myshopify.com',
  SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET,
  // No consumer keys: the store is never asked for product weights (the catalogue decides).
  WOOCOMMERCE_URL: 'https://store.example.com',
  WOOCOMMERCE_WEBHOOK_SECRET: WOO_SECRET,
};

async function deliveries(db: TestDatabase['db']) {
  return db.selectFrom('channel_webhooks').select(['id', 'channel', 'outcome']).orderBy('id').execute();
}

async function ordersOf(db: TestDatabase['db'], externalIds: string[]) {
  return db
    .selectFrom('orders')
    .select(['id', 'source', 'external_id', 'status'])
    .where('external_id', 'in', externalIds)
    .execute();
}

async function customerMessages(db: TestDatabase['db'], orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('messages')
    .select(['order_id', 'template', 'channel'])
    .where('order_id', 'in', orderIds)
    .where('audience', '=', 'customer')
    .execute();
}

/** A new Shopify COD order, then its edit (paid later the same day: a newer statement), then a WooCommerce one. */
function threeDeliveries() {
  const shop = shopifyOrder({ total_outstanding: '748.00' });
  const edited = {
    ...shop,
    updated_at: '2026-11-30T11:00:00+05:30',
    shipping_address: { ...shop.shipping_address, address2: 'Opposite the metro station' },
  };
  const woo = wooOrder();
  return { shop, edited, woo, externalIds: [String(shop.id), String(woo.id)] };
}

describe.each(testDatabaseKinds())('channel ingest: stopped between answer and apply, on %s', (kind) => {
  const stacks: TestStack[] = [];
  let database: TestDatabase | undefined;
  afterAll(async () => {
    for (const s of stacks) await s.close();
    await database?.close();
  });

  it('deliveries answered by an instance that never applied them are applied by the next start, in order, once', async () => {
    database = await createTestDatabase(kind);
    const db = database.db;
    const first = await startTestStack({ database, startWorkers: false, applyInbox: false, env: CHANNEL_ENV });
    stacks.push(first);
    const { shop, edited, woo, externalIds } = threeDeliveries();
    const answers = [
      await postShopify(first.url, SHOPIFY_SECRET, 'orders/create', shop, { webhookId: 'crash-shop-1' }),
      await postShopify(first.url, SHOPIFY_SECRET, 'orders/updated', edited, { webhookId: 'crash-shop-2' }),
      await postWoo(first.url, WOO_SECRET, 'order.created', woo),
    ];
    expect(answers.map((a) => [a.status, a.body.ok, a.body.outcome])).toEqual([
      [200, true, 'pending'],
      [200, true, 'pending'],
      [200, true, 'pending'],
    ]);
    // Answered and stored, not applied: no order yet.
    expect((await deliveries(db)).map((r) => r.outcome)).toEqual(['pending', 'pending', 'pending']);
    expect(await ordersOf(db, externalIds)).toEqual([]);
    await first.close();
    stacks.splice(stacks.indexOf(first), 1);

    const restartedAt = Date.now();
    const second = await startTestStack({ database, startWorkers: false, env: CHANNEL_ENV });
    stacks.push(second);
    // Nothing arrives: the start-up kick applies what the first instance stored.
    await waitFor(async () => (await deliveries(db)).every((r) => r.outcome !== 'pending'), {
      what: 'the stored deliveries applied',
      timeoutMs: 10_000,
    });
    const lagMs = Date.now() - restartedAt;
    // In arrival order: the create, then its edit (applied the other way round, the create would be stale).
    expect((await deliveries(db)).map((r) => r.outcome)).toEqual(['created', 'updated', 'created']);
    const orders = await ordersOf(db, externalIds);
    expect(orders).toHaveLength(2);
    const shopRow = await db
      .selectFrom('orders')
      .select('ship_line2')
      .where('external_id', '=', String(shop.id))
      .executeTakeFirstOrThrow();
    expect(shopRow.ship_line2).toContain('Opposite the metro station');
    const messages = await customerMessages(
      db,
      orders.map((o) => o.id),
    );
    expect(messages.length).toBeGreaterThan(0);
    const keys = messages.map((m) => `${m.order_id}:${m.template}:${m.channel}`);
    expect(new Set(keys).size).toBe(keys.length);

    // The stores retry the same deliveries against the new instance: repeats, answered with the outcome, applied once.
    const again = [
      await postShopify(second, SHOPIFY_SECRET, 'orders/create', shop, { webhookId: 'crash-shop-1' }),
      await postWoo(second, WOO_SECRET, 'order.created', woo),
    ];
    expect(again.map((a) => [a.status, a.body.duplicate, a.body.outcome])).toEqual([
      [200, true, 'created'],
      [200, true, 'created'],
    ]);
    expect(again[0]?.body.id).toBe(answers[0]?.body.id);
    expect(await deliveries(db)).toHaveLength(3);
    expect(
      await customerMessages(
        db,
        orders.map((o) => o.id),
      ),
    ).toHaveLength(messages.length);
    console.log(`[channel-ingest-crash:${kind}] 3 stored deliveries applied ${lagMs} ms after the restart began`);
  });
});

if (testEnv.databaseUrl) {
  describe('channel ingest crash drill: SIGKILL after answering, before applying (PostgreSQL)', () => {
    let world: World;
    afterAll(async () => {
      await killStartedApis();
      await world?.close();
    });

    it('every answered delivery is applied after the restart, in order, once; each customer message once', async () => {
      world = await startWorld();
      const { database } = world;
      // This process answers deliveries and never applies them: as if it died right after each commit.
      const first = await spawnApi({
        label: 'channel-ingest-before-crash',
        env: world.env({ ...CHANNEL_ENV, TEST_APPLY_INBOX: 'false' }),
      });
      const batches = [threeDeliveries(), threeDeliveries(), threeDeliveries()];
      for (const [i, d] of batches.entries()) {
        const answers = [
          await postShopify(first.url, SHOPIFY_SECRET, 'orders/create', d.shop, { webhookId: `kill-${i}-1` }),
          await postShopify(first.url, SHOPIFY_SECRET, 'orders/updated', d.edited, { webhookId: `kill-${i}-2` }),
          await postWoo(first.url, WOO_SECRET, 'order.created', d.woo),
        ];
        expect(answers.map((a) => [a.status, a.body.outcome])).toEqual([
          [200, 'pending'],
          [200, 'pending'],
          [200, 'pending'],
        ]);
      }
      expect((await deliveries(database.db)).map((r) => r.outcome)).toEqual(Array(9).fill('pending'));
      first.kill('SIGKILL');
      await first.exit;

      const restartedAt = Date.now();
      const second = await spawnApi({ label: 'channel-ingest-after-crash', env: world.env(CHANNEL_ENV) });
      await waitFor(async () => (await deliveries(database.db)).every((r) => r.outcome !== 'pending'), {
        what: 'every stored delivery applied after the restart',
        timeoutMs: 30_000,
        intervalMs: 50,
      });
      const recoverMs = Date.now() - restartedAt;
      expect((await deliveries(database.db)).map((r) => r.outcome)).toEqual(
        Array(3).fill(['created', 'updated', 'created']).flat(),
      );
      const externalIds = batches.flatMap((d) => d.externalIds);
      const orders = await ordersOf(database.db, externalIds);
      expect(orders).toHaveLength(6);
      const messages = await customerMessages(
        database.db,
        orders.map((o) => o.id),
      );
      expect(messages.length).toBeGreaterThanOrEqual(6);
      const keys = messages.map((m) => `${m.order_id}:${m.template}:${m.channel}`);
      expect(new Set(keys).size).toBe(keys.length);
      second.kill('SIGTERM');
      await second.exit;
      console.log(
        `[channel-ingest-crash:postgres] 9 answered deliveries applied ${recoverMs} ms after the restarted process was spawned`,
      );
    });
  });
}
