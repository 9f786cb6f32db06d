import { insertInboxEntry, insertSession } from '@app/db';
import { sql } from 'kysely';
import { insertOrder, insertShipment } from '@app/db/testing';
import { buildStatusPush } from '@app/shipping';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneOldData } from '../../src/platform/retention/retention.job';
import { applyInboxEntry } from '../../src/shipping/shipments/apply-push';
import { applyStalledPushes } from '../../src/shipping/shipments/waiting-pushes';
import { ManualClock, startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';

describe.each(testDatabaseKinds())('inbox sweeps and retention on %s', (kind) => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-12-01T06:00:00Z'));
  beforeAll(async () => {
    stack = await startTestStack({ kind, clock, startWorkers: false });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const storeRow = async (fields: { shipmentId: string; status: string; receivedAt: Date }) =>
    insertInboxEntry(stack.database.db, {
      kind: 'status',
      receivedAt: fields.receivedAt,
      contentType: 'application/x-www-form-urlencoded',
      headers: {},
      rawBody: 'callback_type=sync_status',
      payload: { kind: 'status', statusCode: fields.status, shipmentId: fields.shipmentId },
      dedupeKey: `status:${fields.shipmentId}:${fields.status}`,
      awb: null,
      providerShipmentId: fields.shipmentId,
      clientOrderId: null,
      outcome: 'pending',
      outcomeDetail: null,
    });

  it('600 pushes waiting for shipments booked elsewhere do not keep a failed push from being retried', async () => {
    const db = stack.database.db;
    const hourAgo = new Date(clock.now().getTime() - 3600_000);
    const waiting: string[] = [];
    for (let i = 0; i < 600; i++)
      waiting.push(await storeRow({ shipmentId: `55${i}`, status: '3', receivedAt: hourAgo }));
    await db
      .updateTable('webhook_inbox')
      .set({ outcome: 'deferred', attempts: 3 })
      .where('id', 'in', waiting)
      .execute();

    const order = await insertOrder(db, { status: 'shipped' });
    await insertShipment(db, {
      order_id: order.id,
      booking_state: 'booked',
      status: 'pending_pickup',
      provider_shipment_id: '880001',
      awb: 'AWB880001',
      client_ref: `${order.order_number}-1`,
    });
    const failed = await storeRow({
      shipmentId: '880001',
      status: '3',
      receivedAt: new Date(clock.now().getTime() - 60_000),
    });
    await db.updateTable('webhook_inbox').set({ outcome: 'failed', attempts: 1 }).where('id', '=', failed).execute();

    await applyStalledPushes(stack.runtime.deps);
    const row = await db
      .selectFrom('webhook_inbox')
      .select('outcome')
      .where('id', '=', failed)
      .executeTakeFirstOrThrow();
    expect(row.outcome).toBe('applied');
    const shipment = await db
      .selectFrom('shipments')
      .select('status')
      .where('provider_shipment_id', '=', '880001')
      .executeTakeFirstOrThrow();
    expect(shipment.status).toBe('picked_up');

    // Past the give-up age the waiting pushes stop waiting (kept, as stale, with why).
    clock.advance(stack.runtime.deps.config.inbox.deferredGiveUpHours * 3600_000);
    await applyStalledPushes(stack.runtime.deps);
    const outcomes = await db
      .selectFrom('webhook_inbox')
      .select(['outcome', 'outcome_detail'])
      .where('id', 'in', waiting)
      .execute();
    expect(new Set(outcomes.map((o) => o.outcome))).toEqual(new Set(['stale']));
    expect(outcomes[0]?.outcome_detail).toMatch(/no shipment with these ids appeared/);
  });

  it('a push that fails to apply is kept (failed), answered 200, and applied once the cause is gone', async () => {
    const db = stack.database.db;
    const order = await insertOrder(db, { status: 'shipped' });
    await insertShipment(db, {
      order_id: order.id,
      booking_state: 'booked',
      status: 'pending_pickup',
      provider_shipment_id: '880077',
      awb: 'AWB880077',
      client_ref: `${order.order_number}-1`,
    });
    // Applying writes history; make that fail for this order only (a stand-in for any error while applying).
    await sql`create or replace function test_fail_history() returns trigger language plpgsql as $$
      begin raise exception 'history is read-only right now'; end $$`.execute(db);
    await sql`create trigger test_fail_history before insert on status_history for each row
      when (new.order_id = ${sql.lit(Number(order.id))}) execute function test_fail_history()`.execute(db);
    const push = buildStatusPush({
      statusCode: 3,
      shipmentId: '880077',
      token: stack.runtime.deps.secrets.icarryApiKey ?? null,
    });
    const post = () =>
      fetch(`${stack.url}/api/webhooks/shipping-updates`, {
        method: 'POST',
        headers: { 'content-type': push.contentType },
        body: push.body,
      });
    const res = await post();
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { id: string; outcome: string };
    // Stored and answered; the applier fails on it just after and keeps it, marked, for the sweeper.
    expect(answer.outcome).toBe('pending');
    await stack.drainInbox();
    const kept = await db
      .selectFrom('webhook_inbox')
      .select(['outcome', 'outcome_detail'])
      .where('id', '=', answer.id)
      .executeTakeFirstOrThrow();
    expect(kept.outcome).toBe('failed');
    expect(kept.outcome_detail).toMatch(/read-only/);
    const unchanged = await db
      .selectFrom('shipments')
      .select('status')
      .where('provider_shipment_id', '=', '880077')
      .executeTakeFirstOrThrow();
    expect(unchanged.status).toBe('pending_pickup');

    await sql`drop trigger test_fail_history on status_history`.execute(db);
    expect(await applyInboxEntry(stack.runtime.deps, answer.id)).toBe('applied');
    const moved = await db
      .selectFrom('shipments')
      .select('status')
      .where('provider_shipment_id', '=', '880077')
      .executeTakeFirstOrThrow();
    expect(moved.status).toBe('picked_up');
  });

  it('a push whose id is kilobytes long is stored as rejected and answered 200 (ok false, the reason), not a 500', async () => {
    const push = buildStatusPush({
      statusCode: 6,
      shipmentId: '9'.repeat(5000),
      token: stack.runtime.deps.secrets.icarryApiKey ?? null,
    });
    const res = await fetch(`${stack.url}/api/webhooks/shipping-updates`, {
      method: 'POST',
      headers: { 'content-type': push.contentType },
      body: push.body,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; ok: boolean; error: string };
    expect(body.ok).toBe(false);
    expect(body.error).toMatch(/64/);
    const stored = await stack.database.db
      .selectFrom('webhook_inbox')
      .select(['outcome', 'provider_shipment_id'])
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ outcome: 'rejected', provider_shipment_id: null });
  });

  it('retention prunes old settled pushes (iCarry, store, WhatsApp), old message text and expired sessions, and keeps what still waits', async () => {
    const db = stack.database.db;
    const { inboxDays, messageDays } = stack.runtime.deps.config.retention;
    const old = new Date(clock.now().getTime() - (Math.max(inboxDays, messageDays) + 1) * 24 * 3600_000);
    const settled = await storeRow({ shipmentId: '990001', status: '3', receivedAt: old });
    await db.updateTable('webhook_inbox').set({ outcome: 'applied' }).where('id', '=', settled).execute();
    const stillWaiting = await storeRow({ shipmentId: '990002', status: '3', receivedAt: old });
    const order = await insertOrder(db, { status: 'shipped' });
    const message = await db
      .insertInto('messages')
      .values({
        order_id: order.id,
        channel: 'email',
        audience: 'customer',
        template: 'shipped',
        recipient: 'asha@example.com',
        subject: 'Shipped',
        body: 'Hi Asha, your parcel is on its way to 12 MG Road',
        params: JSON.stringify({}),
        dedupe_key: `order:${order.id}:shipped:email`,
        status: 'sent',
        created_at: old,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertSession(db, { tokenHash: 'expired-session-hash', adminId: stack.admin.id, expiresAt: old, now: old });
    // Store webhooks and WhatsApp webhooks carry addresses and numbers too: settled ones go, waiting ones stay.
    const channelRow = (outcome: 'created' | 'failed', deliveryId: string) =>
      db
        .insertInto('channel_webhooks')
        .values({
          channel: 'shopify',
          delivery_id: deliveryId,
          topic: 'orders/create',
          headers: JSON.stringify({}),
          raw_body: '{"shipping_address":{"address1":"12 MG Road","phone":"9123400001"}}',
          outcome,
          received_at: old,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const settledChannel = await channelRow('created', `retention-${settled}-a`);
    const failedChannel = await channelRow('failed', `retention-${settled}-b`);
    const whatsappRow = (outcome: 'applied' | 'pending') =>
      db
        .insertInto('whatsapp_inbox')
        .values({ received_at: old, raw_body: '{"from":"919123400001"}', outcome })
        .returning('id')
        .executeTakeFirstOrThrow();
    const settledWhatsApp = await whatsappRow('applied');
    const pendingWhatsApp = await whatsappRow('pending');

    const pruned = await pruneOldData(stack.runtime.deps);
    expect(pruned.inbox).toBeGreaterThanOrEqual(1);
    expect(pruned.channelWebhooks).toBeGreaterThanOrEqual(1);
    expect(pruned.whatsappInbox).toBeGreaterThanOrEqual(1);
    const channelIds = await db
      .selectFrom('channel_webhooks')
      .select('id')
      .where('id', 'in', [settledChannel.id, failedChannel.id])
      .execute();
    expect(channelIds.map((r) => r.id)).toEqual([failedChannel.id]);
    const whatsappIds = await db
      .selectFrom('whatsapp_inbox')
      .select('id')
      .where('id', 'in', [settledWhatsApp.id, pendingWhatsApp.id])
      .execute();
    expect(whatsappIds.map((r) => r.id)).toEqual([pendingWhatsApp.id]);
    expect(pruned.sessions).toBeGreaterThanOrEqual(1);
    const inboxIds = (
      await db.selectFrom('webhook_inbox').select('id').where('id', 'in', [settled, stillWaiting]).execute()
    ).map((r) => r.id);
    expect(inboxIds).toEqual([stillWaiting]);
    const kept = await db
      .selectFrom('messages')
      .select(['body', 'recipient', 'dedupe_key'])
      .where('id', '=', message.id)
      .executeTakeFirstOrThrow();
    expect(kept.body).not.toContain('MG Road');
    expect(kept.recipient).toBe('[removed]');
    expect(kept.dedupe_key).toBe(`order:${order.id}:shipped:email`);
    const sessions = await db
      .selectFrom('admin_sessions')
      .select('token_hash')
      .where('token_hash', '=', 'expired-session-hash')
      .execute();
    expect(sessions).toEqual([]);
  });
});
