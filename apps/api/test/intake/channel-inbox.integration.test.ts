import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { applyPendingChannelWebhooks } from '../../src/intake/channels/channel-inbox';
import { postShopify, shopifyOrder } from '../support/channel-payloads';

const SECRET = 'shopify-inbox-secret-0001';

/**
 * The channel applier's claim (issue 26): deliveries are applied in arrival order, a batch another
 * instance has claimed holds this one back until its claim runs out, and a store's retry of a
 * delivery whose apply failed is applied again.
 */
describe.each(testDatabaseKinds())('the channel applier on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    // Nothing applies on its own here: the test runs the applier's batches itself.
    stack = await startTestStack({
      kind,
      startWorkers: false,
      applyInbox: false,
      env: { SHOPIFY_SHOP_DOMAIN: 'test-store.myshopify.com', SHOPIFY_WEBHOOK_SECRET: SECRET },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });
  const db = () => stack.database.db;
  const rows = (ids: string[]) =>
    db()
      .selectFrom('channel_webhooks')
      .select(['id', 'outcome', 'attempts', 'next_attempt_at'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();

  it('a batch claimed by another instance holds the applier back until the claim runs out; then in arrival order', async () => {
    const order = shopifyOrder();
    const edit = {
      ...order,
      updated_at: '2026-11-30T11:00:00+05:30',
      shipping_address: { ...order.shipping_address, address2: 'Opposite the metro station' },
    };
    const created = await postShopify(stack.url, SECRET, 'orders/create', order);
    const updated = await postShopify(stack.url, SECRET, 'orders/updated', edit);
    const ids = [created.body.id ?? '', updated.body.id ?? ''];
    expect([created.body.outcome, updated.body.outcome]).toEqual(['pending', 'pending']);

    // Another instance claimed the first delivery a moment ago and is applying it.
    const now = stack.runtime.deps.clock.now().getTime();
    await db()
      .updateTable('channel_webhooks')
      .set({ next_attempt_at: new Date(now + 60_000), attempts: 1 })
      .where('id', '=', ids[0] ?? '')
      .execute();
    expect(await applyPendingChannelWebhooks(stack.runtime.deps)).toBe(0);
    expect((await rows(ids)).map((r) => r.outcome)).toEqual(['pending', 'pending']);

    // That instance died: its claim runs out and this applier takes both, the oldest first.
    await db()
      .updateTable('channel_webhooks')
      .set({ next_attempt_at: new Date(now - 1_000) })
      .where('id', '=', ids[0] ?? '')
      .execute();
    expect(await applyPendingChannelWebhooks(stack.runtime.deps)).toBe(2);
    const applied = await rows(ids);
    expect(applied.map((r) => [r.outcome, r.attempts, r.next_attempt_at])).toEqual([
      ['created', 2, null],
      ['updated', 1, null],
    ]);
    expect(await applyPendingChannelWebhooks(stack.runtime.deps)).toBe(0);
  });

  it('a store retrying a delivery whose apply failed gets it applied again; other repeats change nothing', async () => {
    const order = shopifyOrder();
    const first = await postShopify(stack.url, SECRET, 'orders/create', order, { webhookId: 'inbox-retry-1' });
    const id = first.body.id ?? '';
    // Its apply failed for a passing reason, with a retry far off.
    await db()
      .updateTable('channel_webhooks')
      .set({ outcome: 'failed', attempts: 1, next_attempt_at: new Date(Date.now() + 3_600_000) })
      .where('id', '=', id)
      .execute();
    expect(await applyPendingChannelWebhooks(stack.runtime.deps)).toBe(0);
    const retry = await postShopify(stack.url, SECRET, 'orders/create', order, { webhookId: 'inbox-retry-1' });
    expect(retry.body).toMatchObject({ ok: true, id, duplicate: true, outcome: 'pending' });
    expect(await applyPendingChannelWebhooks(stack.runtime.deps)).toBe(1);
    expect((await rows([id])).map((r) => r.outcome)).toEqual(['created']);
    const again = await postShopify(stack.url, SECRET, 'orders/create', order, { webhookId: 'inbox-retry-1' });
    expect(again.body).toMatchObject({ ok: true, id, duplicate: true, outcome: 'created' });
    expect(await applyPendingChannelWebhooks(stack.runtime.deps)).toBe(0);
    const orders = await db().selectFrom('orders').select('id').where('external_id', '=', String(order.id)).execute();
    expect(orders).toHaveLength(1);
  });
});
