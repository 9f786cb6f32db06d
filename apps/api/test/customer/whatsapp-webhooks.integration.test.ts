import { findBookedShipment, listMessagesForOrder } from '@app/db';
import { createPrng, insertCustomer, insertOrder } from '@app/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  serializeAsMeta,
  buildWhatsAppStatusWebhook,
  whatsappSignature,
} from '../../src/outbox/messaging/whatsapp.wire';
import {
  startStackWithProviders,
  TestSmtpServer,
  TestWhatsAppApi,
  testDatabaseKinds,
  waitFor,
  type TestStack,
} from '../../src/testing/index';
import { postNdrPush } from '../support/helpers';
import { describeNdr } from '@app/shipping';
import { translator } from '@app/shipping/i18n';
import { trackingToken } from '../../src/platform/security/tokens';

describe.each(testDatabaseKinds())('WhatsApp webhooks on %s', (kind) => {
  let stack: TestStack;
  const smtp = new TestSmtpServer();
  const whatsapp = new TestWhatsAppApi();
  const url = () => `${stack.url}/api/webhooks/whatsapp`;
  const count = async (table: 'whatsapp_inbox' | 'messages' | 'order_notes') =>
    Number(
      (await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(stack.database.db)).rows[0]
        ?.n,
    );

  beforeAll(async () => {
    stack = await startStackWithProviders({ smtp, whatsapp, kind, env: { EMAIL_FEEDBACK_TO: 'ops@store.example' } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Ships an opted-in order and returns the wamid of its "shipped" WhatsApp. */
  async function shippedOnWhatsApp(customer: { email: string | null; contactEmail: string | null }) {
    const c = await insertCustomer(stack.database.db, { whatsapp_opt_in: true, email: customer.email });
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      customer_id: c.id,
      contact_phone: c.phone,
      contact_email: customer.contactEmail,
    });
    await stack.adminCaller.orders.ship({ orderId: order.id });
    const request = await waitFor(() => whatsapp.requests.find((r) => r.body.to === `+91${c.phone}`), {
      what: 'the shipped WhatsApp',
    });
    await waitFor(async () =>
      (await listMessagesForOrder(stack.database.db, order.id)).some((m) => m.providerMessageId === request.wamid),
    );
    return { order, wamid: request.wamid };
  }

  const messageFor = async (orderId: string, wamid: string) =>
    (await listMessagesForOrder(stack.database.db, orderId)).find((m) => m.providerMessageId === wamid);

  it('answers Meta’s subscribe handshake with the challenge, and refuses a wrong token', async () => {
    const ok = await fetch(`${url()}?hub.mode=subscribe&hub.verify_token=test-verify-token&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(`${url()}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444`);
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1158201444');
  });

  it('a forged or missing signature gets 401 and changes nothing', async () => {
    const { order, wamid } = await shippedOnWhatsApp({ email: null, contactEmail: null });
    const body = serializeAsMeta(
      buildWhatsAppStatusWebhook({
        phoneNumberId: whatsapp.phoneNumberId,
        statuses: [{ wamid, status: 'read', recipient: '919876543210', at: new Date() }],
      }),
    );
    const before = { inbox: await count('whatsapp_inbox'), messages: await count('messages') };
    expect(await whatsapp.post(body, whatsappSignature('not-the-app-secret', body))).toBe(401);
    expect(await whatsapp.post(body, null)).toBe(401);
    // Signed over other bytes (the body re-serialised): still refused.
    expect(await whatsapp.post(body.replace('"read"', '"read" '), whatsappSignature(whatsapp.appSecret, body))).toBe(
      401,
    );
    expect({ inbox: await count('whatsapp_inbox'), messages: await count('messages') }).toEqual(before);
    expect((await messageFor(order.id, wamid))?.deliveryStatus).toBeNull();
  });

  it('shuffled, duplicated statuses end at the highest and never go back', async () => {
    const { order, wamid } = await shippedOnWhatsApp({ email: null, contactEmail: null });
    const prng = createPrng(16);
    const statuses = prng.shuffle(['sent', 'sent', 'delivered', 'delivered', 'read', 'read', 'sent'] as const);
    // Some one per webhook, some batched, as Meta does.
    expect(await whatsapp.postStatuses(statuses.slice(0, 3).map((status) => ({ wamid, status })))).toBe(200);
    for (const status of statuses.slice(3)) expect(await whatsapp.postStatuses([{ wamid, status }])).toBe(200);
    const message = await messageFor(order.id, wamid);
    expect(message?.deliveryStatus).toBe('read');
    // A late `sent` and a late `failed` after read change nothing.
    await whatsapp.postStatuses([{ wamid, status: 'sent' }]);
    await whatsapp.postStatuses([{ wamid, status: 'failed', error: { code: 131026, title: 'Message undeliverable' } }]);
    expect((await messageFor(order.id, wamid))?.deliveryStatus).toBe('read');
    const view = await stack.adminCaller.orders.messages({ orderId: order.id });
    expect(view.find((m) => m.channel === 'whatsapp')?.delivery?.status).toBe('read');
  });

  it('a failed WhatsApp shows Meta’s code to the admin and sends the milestone’s email instead, once', async () => {
    // No email when the order shipped: only WhatsApp went out. The customer's email is known by the time it fails.
    const { order, wamid } = await shippedOnWhatsApp({ email: null, contactEmail: null });
    const email = `late-${Date.now()}@example.com`;
    await sql`update customers set email = ${email} where id = (select customer_id from orders where id = ${order.id})`.execute(
      stack.database.db,
    );
    const failed = { wamid, status: 'failed' as const, error: { code: 131026, title: 'Message undeliverable' } };
    expect(await whatsapp.postStatuses([failed])).toBe(200);
    expect(await whatsapp.postStatuses([failed, failed])).toBe(200);
    await waitFor(() => smtp.received.some((m) => m.to === email), { what: 'the fallback email' });
    const view = await stack.adminCaller.orders.messages({ orderId: order.id });
    const wa = view.find((m) => m.channel === 'whatsapp');
    expect(wa?.delivery).toMatchObject({ status: 'failed', errorCode: 131026 });
    const emails = view.filter((m) => m.channel === 'email' && m.audience === 'customer');
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toContain('has shipped');
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.received.filter((m) => m.to === email)).toHaveLength(1);
  });

  it('no fallback when the milestone’s email was sent already', async () => {
    const email = `both-${Date.now()}@example.com`;
    const { order, wamid } = await shippedOnWhatsApp({ email, contactEmail: email });
    await waitFor(() => smtp.received.some((m) => m.to === email), { what: 'the shipped email' });
    await whatsapp.postStatuses([{ wamid, status: 'failed', error: { code: 131026, title: 'Message undeliverable' } }]);
    await new Promise((r) => setTimeout(r, 1500));
    const emails = (await listMessagesForOrder(stack.database.db, order.id)).filter((m) => m.channel === 'email');
    expect(emails.filter((m) => m.audience === 'customer')).toHaveLength(1);
    expect(smtp.received.filter((m) => m.to === email)).toHaveLength(1);
  });

  it('a failed delivery sends the customer a WhatsApp with quick replies; “Deliver tomorrow” answers the NDR', async () => {
    const c = await insertCustomer(stack.database.db, { whatsapp_opt_in: true, email: null });
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      payment_method: 'cod',
      customer_id: c.id,
      contact_phone: c.phone,
      contact_email: null,
    });
    await stack.adminCaller.orders.ship({ orderId: order.id });
    const shipment = await findBookedShipment(stack.database.db, order.id);
    expect(
      (
        await postNdrPush(stack, [
          {
            shipment_id: String(shipment?.providerShipmentId),
            awb: String(shipment?.awb),
            type: 'REATTEMPT-CONTACT',
            date_added: '2026-12-01 10:00:00',
          },
        ])
      ).status,
    ).toBe(200);
    const ndrMessage = await waitFor(
      () =>
        whatsapp.requests.find(
          (r) => r.body.to === `+91${c.phone}` && r.body.template.name.startsWith('delivery_failed'),
        ),
      { what: 'the NDR WhatsApp' },
    );
    // COD with a date to choose: both quick replies, then the link.
    expect(ndrMessage.body.template.name).toBe('delivery_failed_reattempt_cancel');
    const buttons = ndrMessage.body.template.components.filter((x) => (x as { type: string }).type === 'button');
    expect(buttons.map((b) => (b as { sub_type: string }).sub_type)).toEqual(['quick_reply', 'quick_reply', 'url']);
    await waitFor(async () =>
      (await listMessagesForOrder(stack.database.db, order.id)).some((m) => m.providerMessageId === ndrMessage.wamid),
    );

    expect(await whatsapp.pressQuickReply(ndrMessage.wamid, 0)).toBe(200);
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    const note = detail.notes.find((n) => n.kind === 'ndr_response');
    expect(note?.body).toMatch(/on WhatsApp: Deliver again on/);
    expect(detail.order.attentionKind).toBe('ndr_response');
    await waitFor(() => smtp.received.some((m) => m.to === 'ops@store.example' && m.subject.includes('answered')), {
      what: 'the admin email with the answer',
    });
    // Once per NDR event: pressing again (or the other button) records nothing more.
    const notes = await count('order_notes');
    expect(await whatsapp.pressQuickReply(ndrMessage.wamid, 1)).toBe(200);
    expect(await count('order_notes')).toBe(notes);
  });
  it('a failed NDR WhatsApp falls back to an email with the real reason and deadline, and not once it is answered', async () => {
    async function ndrOnWhatsApp() {
      const c = await insertCustomer(stack.database.db, { whatsapp_opt_in: true, email: null });
      const order = await insertOrder(stack.database.db, {
        status: 'processing',
        payment_method: 'cod',
        customer_id: c.id,
        contact_phone: c.phone,
        contact_email: null,
      });
      await stack.adminCaller.orders.ship({ orderId: order.id });
      const shipment = await findBookedShipment(stack.database.db, order.id);
      await postNdrPush(stack, [
        {
          shipment_id: String(shipment?.providerShipmentId),
          awb: String(shipment?.awb),
          type: 'REATTEMPT-OTP',
          date_added: '2026-12-01 10:00:00',
        },
      ]);
      const request = await waitFor(
        () =>
          whatsapp.requests.find(
            (r) => r.body.to === `+91${c.phone}` && r.body.template.name.startsWith('delivery_failed'),
          ),
        { what: 'the NDR WhatsApp' },
      );
      await waitFor(async () =>
        (await listMessagesForOrder(stack.database.db, order.id)).some((m) => m.providerMessageId === request.wamid),
      );
      await sql`update customers set email = ${`ndr-${c.id}@example.com`} where id = ${c.id}`.execute(
        stack.database.db,
      );
      return { order, wamid: request.wamid };
    }
    const failed = (wamid: string) =>
      whatsapp.postStatuses([{ wamid, status: 'failed', error: { code: 131026, title: 'Message undeliverable' } }]);
    const fallbackOf = async (orderId: string) =>
      (await listMessagesForOrder(stack.database.db, orderId)).find((m) => m.dedupeKey.endsWith(':email-fallback'));

    const open = await ndrOnWhatsApp();
    expect(await failed(open.wamid)).toBe(200);
    const email = await waitFor(() => fallbackOf(open.order.id), { what: 'the fallback email' });
    expect(email.body).toContain(describeNdr('REATTEMPT-OTP').customerText);
    expect(email.body).not.toContain('tomorrow');
    const ndrView = await stack.adminCaller.orders.ndrList({});
    const respondBy = ndrView.find((r) => r.orderId === open.order.id)?.respondBy;
    expect(email.body).toContain(translator('en').deadline(respondBy ?? new Date(0)));

    // Answered on the page before the WhatsApp failed: nothing left to ask.
    const answered = await ndrOnWhatsApp();
    await stack.anonymousCaller.tracking.respondToNdr({
      orderId: answered.order.order_number,
      token: trackingToken(stack.runtime.deps.secrets.appSecret, answered.order.order_number),
      action: 'cancel',
    });
    expect(await failed(answered.wamid)).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await fallbackOf(answered.order.id)).toBeUndefined();
  });
});
