import { findBookedShipment, listMessagesForOrder } from '@app/db';
import { insertCustomer, insertOrder } from '@app/db/testing';
import { istDay } from '@app/shipping';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingToken } from '../../src/platform/security/tokens';
import { plainTrackingPage, startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { appErrorCodeOf } from '../../src/entry/trpc/init';
import { postNdrPush } from '../support/helpers';

describe.each(testDatabaseKinds())('the NDR buyer flow on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ kind, trackingPage: plainTrackingPage() });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const code = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => appErrorCodeOf(e) ?? (e as { code?: string }).code ?? 'error',
    );

  async function failedDelivery(type: string, paymentMethod: 'cod' | 'prepaid' = 'cod') {
    const customer = await insertCustomer(stack.database.db, { email: `n${Date.now()}@example.com` });
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      payment_method: paymentMethod,
      customer_id: customer.id,
      contact_phone: customer.phone,
      contact_email: customer.email,
    });
    await stack.adminCaller.orders.ship({ orderId: order.id });
    const shipment = await findBookedShipment(stack.database.db, order.id);
    const push = await postNdrPush(stack, [
      {
        shipment_id: String(shipment?.providerShipmentId),
        awb: String(shipment?.awb),
        type,
        date_added: '2026-12-01 10:00:00',
      },
    ]);
    expect(push.status).toBe(200);
    const token = trackingToken(stack.runtime.deps.secrets.appSecret, order.order_number);
    return { order, token, customer };
  }

  it('the page is offered the answers that fit the reason, with the date window', async () => {
    const { order, token } = await failedDelivery('REATTEMPT-CONTACT', 'cod');
    const view = await stack.anonymousCaller.tracking.get({ orderId: order.order_number, token });
    if (view.state !== 'ok') throw new Error('expected ok');
    expect(view.ndr?.state).toBe('open');
    const now = stack.runtime.deps.clock.now();
    expect(view.ndr?.choices).toEqual({
      reattempt: { earliest: istDay(now, 1), latest: istDay(now, 3) },
      updateAddress: true,
      alternatePhone: true,
      cancel: true,
    });
    // The customer is told, on every channel they have, with the link.
    const messages = await listMessagesForOrder(stack.database.db, order.id);
    const ask = messages.find((m) => m.template === 'ndr_customer' && m.channel === 'email');
    expect(ask?.body).toContain(`/order-tracking/${order.order_number}?t=${token}`);
  });

  it('refuses what does not fit, then records the answer once: note, flag, admin email, "the store will pass it on"', async () => {
    const { order, token } = await failedDelivery('REATTEMPT-CONTACT', 'prepaid');
    const caller = stack.callerWithIp('203.0.113.60', null);
    const now = stack.runtime.deps.clock.now();
    const base = { orderId: order.order_number, token };
    expect(await code(caller.tracking.respondToNdr({ ...base, action: 'cancel' }))).toBe('NDR_CHOICE_NOT_OFFERED');
    expect(
      await code(caller.tracking.respondToNdr({ ...base, action: 'reattempt', preferredDate: istDay(now, 9) })),
    ).toBe('NDR_DATE_OUT_OF_WINDOW');
    expect(await code(caller.tracking.respondToNdr({ ...base, action: 'reattempt' }))).toBe('NDR_DATE_OUT_OF_WINDOW');
    expect(await code(caller.tracking.respondToNdr({ ...base, action: 'update_address' }))).toBe(
      'NDR_ANSWER_INCOMPLETE',
    );
    expect(
      await code(caller.tracking.respondToNdr({ ...base, action: 'update_address', alternatePhone: '12345' })),
    ).toBe('BAD_REQUEST');
    expect(
      await code(
        caller.tracking.respondToNdr({
          ...base,
          token: 'x'.repeat(24),
          action: 'reattempt',
          preferredDate: istDay(now, 1),
        }),
      ),
    ).toBe('TRACKING_NOT_FOUND');
    const before = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(before.notes.filter((n) => n.kind === 'ndr_response')).toHaveLength(0);

    const answer = await caller.tracking.respondToNdr({
      ...base,
      action: 'reattempt',
      preferredDate: istDay(now, 2),
      landmark: 'Opposite the Ganesh temple',
      alternatePhone: '+91 91234 56789',
    });
    // A person passes it to iCarry: the customer is not told the courier has it.
    expect(answer.message).toBe('Thank you. We have your answer. The store will pass it to the courier.');
    expect(answer.summary).toContain('******6789');
    expect(answer.summary).not.toContain('9123456789');

    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    const note = detail.notes.find((n) => n.kind === 'ndr_response');
    expect(note?.body).toContain('Opposite the Ganesh temple');
    expect(note?.body).toContain('+91 9123456789');
    expect(detail.order.attentionKind).toBe('ndr_response');
    const alert = (await listMessagesForOrder(stack.database.db, order.id)).find((m) => m.template === 'ndr_response');
    expect(alert?.audience).toBe('admin');
    expect(alert?.body).toMatch(/What to tell iCarry: .*Re-attempt/);

    const view = await caller.tracking.get(base);
    if (view.state !== 'ok') throw new Error('expected ok');
    expect(view.ndr?.state).toBe('answered');
    expect(view.ndr?.choices).toBeNull();
    expect(JSON.stringify(view)).not.toContain('9123456789');

    // Once per NDR event.
    expect(
      await code(caller.tracking.respondToNdr({ ...base, action: 'reattempt', preferredDate: istDay(now, 1) })),
    ).toBe('NDR_ALREADY_ANSWERED');
    const after = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(after.notes.filter((n) => n.kind === 'ndr_response')).toHaveLength(1);

    // The admin's NDR tab shows the answer with what to pass on.
    const list = await stack.adminCaller.orders.ndrList({});
    const row = list.find((r) => r.orderId === order.id);
    expect(row?.answerState).toBe('answered');
    expect(row?.answer?.summary).toContain('Opposite the Ganesh temple');
  });

  it("a Hindi customer is refused and thanked in Hindi: tRPC in their language (or the one asked), the no-JS form in the page's", async () => {
    const { order, token, customer } = await failedDelivery('REATTEMPT-CONTACT', 'prepaid');
    await stack.database.db.updateTable('customers').set({ language: 'hi' }).where('id', '=', customer.id).execute();
    const caller = stack.callerWithIp('203.0.113.61', null);
    const now = stack.runtime.deps.clock.now();
    const base = { orderId: order.order_number, token };
    const message = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
    const devanagari = /[\u0900-\u097F]/;

    // Refusals in the customer's language, the window's days written in it too; English when asked.
    const cancel = await message(caller.tracking.respondToNdr({ ...base, action: 'cancel' }));
    expect(cancel).toBe('यहाँ सिर्फ़ कैश ऑन डिलीवरी वाले ऑर्डर कैंसल किए जा सकते हैं।');
    const late = await message(
      caller.tracking.respondToNdr({ ...base, action: 'reattempt', preferredDate: istDay(now, 9) }),
    );
    expect(late).toMatch(devanagari);
    expect(late).not.toMatch(/[A-Za-z]/);
    expect(await message(caller.tracking.respondToNdr({ ...base, lang: 'en', action: 'update_address' }))).toBe(
      'Tell us what to change: a landmark, a corrected address line or another phone number.',
    );

    // The no-JavaScript form: a bad phone on the Hindi page is told in Hindi, and nothing is recorded.
    const post = (lang: string, fields: Record<string, string>) =>
      fetch(`${stack.url}/order-tracking/${order.order_number}/ndr?lang=${lang}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url },
        body: new URLSearchParams({ t: token, ...fields }).toString(),
        redirect: 'manual',
      });
    const badPhone = await post('hi', { action: 'update_address', alternatePhone: '12345' });
    expect(badPhone.status).toBe(400);
    expect(await badPhone.text()).toContain('10 अंकों का भारतीय मोबाइल नंबर डालें');
    const badPhoneEn = await post('en', { action: 'update_address', alternatePhone: '12345' });
    expect(await badPhoneEn.text()).toContain('Enter a 10-digit Indian mobile number');
    const outside = await post('hi', { action: 'reattempt', preferredDate: istDay(now, 9) });
    expect(outside.status).toBe(400);
    expect(await outside.text()).toContain(late ?? 'missing');
    const before = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(before.notes.filter((n) => n.kind === 'ndr_response')).toHaveLength(0);

    const answer = await caller.tracking.respondToNdr({ ...base, action: 'reattempt', preferredDate: istDay(now, 2) });
    expect(answer.message).toBe('धन्यवाद। हमें आपका जवाब मिल गया है। स्टोर इसे कूरियर तक पहुँचा देगा।');
    expect(
      await message(caller.tracking.respondToNdr({ ...base, action: 'reattempt', preferredDate: istDay(now, 1) })),
    ).toBe('इस डिलीवरी की कोशिश के लिए हमें आपका जवाब पहले ही मिल चुका है और हमने उसे कूरियर तक पहुँचा दिया है।');
  });

  it('a reason the customer cannot act on offers nothing, and the NDR tab says so', async () => {
    const { order, token } = await failedDelivery('MISROUTE');
    const view = await stack.anonymousCaller.tracking.get({ orderId: order.order_number, token });
    if (view.state !== 'ok') throw new Error('expected ok');
    expect(view.ndr).toBeNull();
    expect(
      await code(stack.anonymousCaller.tracking.respondToNdr({ orderId: order.order_number, token, action: 'cancel' })),
    ).toBe('NDR_NOT_OPEN');
    const row = (await stack.adminCaller.orders.ndrList({})).find((r) => r.orderId === order.id);
    expect(row?.answerState).toBe('no_choice');
  });

  it('an unanswered NDR shows "no answer" with the time left; a delivered order leaves the tab', async () => {
    const { order } = await failedDelivery('REATTEMPT-OUTOFSTN');
    const row = (await stack.adminCaller.orders.ndrList({})).find((r) => r.orderId === order.id);
    expect(row?.answerState).toBe('waiting');
    expect(row?.timeLeftMs).toBeGreaterThan(47 * 3_600_000);
    await stack.adminCaller.orders.overrideStatus({
      orderId: order.id,
      status: 'delivered',
      reason: 'courier confirmed',
    });
    expect((await stack.adminCaller.orders.ndrList({})).some((r) => r.orderId === order.id)).toBe(false);
  });
});
