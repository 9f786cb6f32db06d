import { insertMessage } from '@app/db';
import { insertCustomer, insertOrder } from '@app/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startStackWithProviders,
  TestSmtpServer,
  TestWhatsAppApi,
  testDatabaseKinds,
  waitFor,
  type TestStack,
} from '../../src/testing/index';
import { orderBody } from '../support/order-body';

/**
 * The admin's side of COD confirmation (issue 24): the Processing list's badge and filter (the
 * daily digest links to `?codConfirmation=expired`), and bulk ship's override.
 */
describe.each(testDatabaseKinds())('COD confirmation in the list and bulk ship on %s', (kind) => {
  let stack: TestStack;
  let key = '';
  const smtp = new TestSmtpServer();
  const whatsapp = new TestWhatsAppApi();
  let seq = 0;

  beforeAll(async () => {
    stack = await startStackWithProviders({ smtp, whatsapp, kind, env: { COD_CONFIRMATION: 'all' } });
    key = (await stack.adminCaller.apiKeys.create({ name: 'Storefront' })).key;
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function postOrder(overrides: Record<string, unknown> = {}) {
    seq++;
    const phone = `98711${String(10000 + seq).slice(-5)}`;
    const response = await fetch(`${stack.url}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `o-${seq}` },
      body: JSON.stringify(
        orderBody({
          externalId: `OPS-${kind}-${seq}`,
          orderNumber: `#OPS${seq}-${kind}`,
          customer: { name: 'Kavya Nair', phone, email: `kavya${seq}@example.com`, whatsappOptIn: true },
          ...overrides,
        }),
      ),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { order: { id: string; orderNumber: string } }).order;
  }

  async function setState(orderId: string, state: 'expired' | 'declined' | 'confirmed') {
    await sql`update orders set cod_confirmation = ${state} where id = ${orderId}`.execute(stack.database.db);
  }

  it('the list carries each order’s confirmation badge and filters by state, as the digest links it', async () => {
    const pending = await postOrder();
    const expired = await postOrder();
    const confirmed = await postOrder();
    const prepaid = await postOrder({ paymentMethod: 'prepaid' });
    await setState(expired.id, 'expired');
    await setState(confirmed.id, 'confirmed');

    const all = await stack.adminCaller.orders.list({ status: 'processing', limit: 100 });
    const badge = (id: string) => all.items.find((r) => r.id === id)?.codConfirmation;
    expect(badge(pending.id)).toEqual({
      state: 'pending',
      label: 'Waiting for the customer',
      short: 'Unconfirmed',
      blocksShipping: true,
    });
    expect(badge(expired.id)).toMatchObject({ state: 'expired', short: 'No answer', blocksShipping: true });
    expect(badge(confirmed.id)).toMatchObject({ state: 'confirmed', blocksShipping: false });
    expect(badge(prepaid.id)).toMatchObject({ state: 'not_needed', short: null, blocksShipping: false });

    // The digest's link: /admin/orders?status=processing&codConfirmation=expired.
    const link = new URL('http://x/admin/orders?status=processing&codConfirmation=expired');
    const filtered = await stack.adminCaller.orders.list({
      status: 'processing',
      codConfirmation: link.searchParams.get('codConfirmation') as 'expired',
      limit: 100,
    });
    expect(filtered.items.map((r) => r.id)).toEqual([expired.id]);
    const unconfirmed = await stack.adminCaller.orders.list({ codConfirmation: 'unconfirmed', limit: 100 });
    expect(unconfirmed.items.map((r) => r.id)).toContain(pending.id);
    expect(unconfirmed.items.map((r) => r.id)).toContain(expired.id);
    expect(unconfirmed.items.map((r) => r.id)).not.toContain(confirmed.id);
    expect(unconfirmed.items.map((r) => r.id)).not.toContain(prepaid.id);
    // An unknown state is refused, not ignored.
    await expect(
      stack.adminCaller.orders.list({ codConfirmation: 'maybe' as 'expired', limit: 10 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('bulk review skips unconfirmed COD orders with the reason; with confirmOverride the batch books them, recorded with the admin', async () => {
    const waiting = await postOrder();
    const declined = await postOrder();
    const fine = await postOrder({ paymentMethod: 'prepaid' });
    await setState(declined.id, 'declined');
    const ids = [waiting.id, declined.id, fine.id];

    const review = await stack.adminCaller.orders.reviewShipMany({ orderIds: ids });
    expect(review.unconfirmedCod.map((u) => [u.orderId, u.state])).toEqual([
      [waiting.id, 'pending'],
      [declined.id, 'declined'],
    ]);
    expect(review.unconfirmedCod[0]?.reason).toMatch(/not confirmed/);
    expect(review.overriddenCod).toEqual([]);
    expect(review.readyCount).toBe(1);
    expect(review.count).toBe(review.readyCount + review.willFail.length + review.notShippable.length + 2);

    const overridden = await stack.adminCaller.orders.reviewShipMany({ orderIds: ids, confirmOverride: true });
    expect(overridden.unconfirmedCod).toEqual([]);
    expect(overridden.overriddenCod.map((u) => u.orderId)).toEqual([waiting.id, declined.id]);
    expect(overridden.readyCount).toBe(3);
    expect(overridden.codCount).toBe(2);

    // Without the override the batch skips them; nothing is booked for them.
    const plain = await stack.adminCaller.orders.shipMany({ orderIds: [waiting.id], courierPolicy: 'cheapest' });
    const skipped = await waitFor(async () => {
      const b = await stack.adminCaller.orders.batch({ batchId: plain.batchId });
      return b.state === 'done' ? b : undefined;
    });
    expect(skipped.items[0]).toMatchObject({ state: 'skipped', errorCode: 'COD_NOT_CONFIRMED' });

    const { batchId } = await stack.adminCaller.orders.shipMany({
      orderIds: ids,
      courierPolicy: 'cheapest',
      confirmOverride: true,
    });
    const batch = await waitFor(
      async () => {
        const b = await stack.adminCaller.orders.batch({ batchId });
        return b.state === 'done' ? b : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(batch.items.map((i) => i.state)).toEqual(['booked', 'booked', 'booked']);
    for (const id of [waiting.id, declined.id]) {
      const detail = await stack.adminCaller.orders.get({ orderId: id });
      expect(detail.codConfirmation.overriddenAt).toBeInstanceOf(Date);
      expect(detail.notes.some((n) => /without the customer.s COD confirmation/.test(n.body))).toBe(true);
    }
    const by = await sql<{ by: string | null }>`
      select cod_confirmation_override_by::text as by from orders where id in (${waiting.id}, ${declined.id}, ${fine.id})
      order by id`.execute(stack.database.db);
    expect(by.rows.map((r) => r.by)).toEqual([stack.admin.id, stack.admin.id, null]);
  });

  it('“risky pincodes only” asks the COD orders whose place returns more than the store’s limit, and no other', async () => {
    // 452001: 6 of 10 COD parcels came back (60%); 560038: 1 of 10 (10%); 110001: no history.
    for (const [place, rto] of [
      ['452001', 6],
      ['560038', 1],
    ] as const) {
      await stack.database.db
        .insertInto('delivery_memory')
        .values({
          scope: 'pincode',
          place,
          courier: '*',
          payment: 'cod',
          courier_name: null,
          state: null,
          closed: 10,
          delivered: 10 - rto,
          rto,
          transit_days: Array.from({ length: 31 }, () => 0),
          updated_at: new Date(),
        })
        .execute();
    }
    const env = await stack.adminCaller.settings.codConfirmation.update({ policy: 'risky' });
    expect(env).toMatchObject({ policy: 'risky', kind: 'risky', setBy: 'admin', riskPercent: 25, abovePaise: null });
    try {
      const address = (pincode: string, city: string, state: string) => ({
        shippingAddress: { line1: '12, 3rd Main Road', city, state, pincode },
      });
      const risky = await postOrder(address('452001', 'Indore', 'Madhya Pradesh'));
      const safe = await postOrder(address('560038', 'Bengaluru', 'Karnataka'));
      const unknown = await postOrder(address('110001', 'New Delhi', 'Delhi'));
      const riskyPrepaid = await postOrder({
        ...address('452001', 'Indore', 'Madhya Pradesh'),
        paymentMethod: 'prepaid',
      });
      const state = async (id: string) => (await stack.adminCaller.orders.get({ orderId: id })).codConfirmation.state;
      expect(await state(risky.id)).toBe('pending');
      expect(await state(safe.id)).toBe('not_needed');
      expect(await state(unknown.id)).toBe('not_needed');
      expect(await state(riskyPrepaid.id)).toBe('not_needed');
      await waitFor(() => whatsapp.requests.find((r) => JSON.stringify(r.body).includes(risky.orderNumber)), {
        what: 'the risky order’s request',
      });
    } finally {
      await stack.adminCaller.settings.codConfirmation.update({ policy: 'all' });
    }
  });

  it('the settings refuse what is no policy, and COD_CONFIRMATION itself does not take “risky” (the contract’s three forms)', async () => {
    for (const policy of ['sometimes', 'above:', 'above:-5', 'risky:10', ''])
      await expect(stack.adminCaller.settings.codConfirmation.update({ policy })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    expect(await stack.adminCaller.settings.codConfirmation.get()).toMatchObject({ kind: 'all', hours: 24 });
    const { parseEnv } = await import('../../src/platform/config/env');
    expect(() => parseEnv({ ...process.env, COD_CONFIRMATION: 'risky' })).toThrow(/COD_CONFIRMATION/);
  });

  it('STOP opts the customer out and cancels the WhatsApp messages still queued for them; the sender skips them', async () => {
    const db = stack.database.db;
    const stopper = await insertCustomer(db, { whatsapp_opt_in: true });
    const other = await insertCustomer(db, { whatsapp_opt_in: true });
    const order = await insertOrder(db, { customer_id: stopper.id, contact_phone: stopper.phone });
    const otherOrder = await insertOrder(db, { customer_id: other.id, contact_phone: other.phone });
    const now = new Date();
    const queue = (orderId: string, channel: 'whatsapp' | 'email', recipient: string, key: string) =>
      db.transaction().execute((tx) =>
        insertMessage(tx, {
          orderId,
          channel,
          audience: 'customer',
          template: 'shipped',
          recipient,
          subject: channel === 'email' ? 'Shipped' : null,
          body: 'Your order is on its way',
          params: { template: { name: 'order_shipped', language: 'en' }, body: ['x'] },
          dedupeKey: `stop-test:${key}`,
          now,
        }),
      );
    const queued = await queue(order.id, 'whatsapp', `+91${stopper.phone}`, 'a');
    const queued2 = await queue(order.id, 'whatsapp', `+91${stopper.phone}`, 'b');
    const email = await queue(order.id, 'email', 'stopper@example.com', 'c');
    const sent = await queue(order.id, 'whatsapp', `+91${stopper.phone}`, 'd');
    await db.updateTable('messages').set({ status: 'sent' }).where('id', '=', String(sent)).execute();
    const othersMessage = await queue(otherOrder.id, 'whatsapp', `+91${other.phone}`, 'e');

    expect(await whatsapp.sendCustomerText(`91${stopper.phone}`, 'STOP')).toBe(200);
    const status = async (id: string | undefined) =>
      await db.selectFrom('messages').select(['status', 'last_error']).where('id', '=', String(id)).executeTakeFirst();
    const cancelled = await status(queued);
    expect(cancelled?.status).toBe('cancelled');
    expect(cancelled?.last_error).toMatch(/STOP/);
    expect((await status(queued2))?.status).toBe('cancelled');
    expect((await status(email))?.status).toBe('pending');
    expect((await status(sent))?.status).toBe('sent');
    expect((await status(othersMessage))?.status).toBe('pending');
    const customer = await db
      .selectFrom('customers')
      .select('whatsapp_opt_in')
      .where('id', '=', stopper.id)
      .executeTakeFirstOrThrow();
    expect(customer.whatsapp_opt_in).toBe(false);
    // The admin reads it as cancelled, with why.
    const messages = await stack.adminCaller.orders.messages({ orderId: order.id });
    const shown = messages.find((m) => m.id === queued);
    expect(shown?.state).toBe('cancelled');
    expect(shown?.failureReason).toMatch(/STOP/);

    // The sender's job for a cancelled message sends nothing; the other customer's (queued after it) goes.
    for (const id of [queued, othersMessage])
      await db
        .transaction()
        .execute((tx) => stack.runtime.deps.queue.send(tx, 'deliver-message', { messageId: String(id) }));
    await waitFor(() => whatsapp.requests.find((r) => r.body.to === `+91${other.phone}`), {
      what: 'the other message',
    });
    await waitFor(async () => ((await status(othersMessage))?.status === 'sent' ? true : undefined));
    expect(whatsapp.requests.filter((r) => r.body.to === `+91${stopper.phone}`)).toEqual([]);
    expect((await status(queued))?.status).toBe('cancelled');
  });
});
