import { insertCustomer, insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startStackWithProviders,
  TestSmtpServer,
  TestWhatsAppApi,
  testDatabaseKinds,
  waitFor,
  type TestStack,
} from '../../src/testing/index';

/** Order Details > Messages: everything the order caused to be sent, readable by the admin, never logged. */
describe.each(testDatabaseKinds())('an order’s messages in the admin on %s', (kind) => {
  let stack: TestStack;
  const smtp = new TestSmtpServer();
  const whatsapp = new TestWhatsAppApi();
  beforeAll(async () => {
    stack = await startStackWithProviders({ smtp, whatsapp, kind });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function shipOrder(customer: { name: string; email: string; phone: string }) {
    const c = await insertCustomer(stack.database.db, { ...customer, whatsapp_opt_in: true });
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      customer_id: c.id,
      contact_phone: customer.phone,
      contact_email: customer.email,
    });
    await stack.adminCaller.orders.ship({ orderId: order.id });
    return order;
  }

  it('shows the email’s subject and text and the WhatsApp template’s parameters, with where each stands', async () => {
    const order = await shipOrder({
      name: 'Meera Iyer',
      email: `meera-${Date.now()}@example.com`,
      phone: '9812345601',
    });
    const request = await waitFor(() => whatsapp.requests.find((r) => r.body.to === '+919812345601'), {
      what: 'the shipped WhatsApp',
    });
    const sent = await waitFor(
      async () => {
        const view = await stack.adminCaller.orders.messages({ orderId: order.id });
        return view.length === 2 && view.every((m) => m.state === 'sent') ? view : undefined;
      },
      { what: 'both messages sent' },
    );
    const email = sent.find((m) => m.channel === 'email');
    expect(email).toMatchObject({ audience: 'customer', template: 'shipped', whatsapp: null, failureReason: null });
    expect(email?.subject).toContain(order.order_number);
    expect(email?.body).toContain('Hi Meera');
    expect(email?.body).toContain(order.order_number);
    // The text the admin reads is the text the customer received.
    const mail = smtp.received.find((m) => m.to === email?.recipient);
    expect(mail?.subject).toBe(email?.subject);

    const wa = sent.find((m) => m.channel === 'whatsapp');
    expect(wa?.recipient).toBe('+919812345601');
    expect(wa?.whatsapp?.templateName).toBeTruthy();
    expect(wa?.whatsapp?.parameters.slice(0, 2)).toEqual(['Meera', order.order_number]);
    expect(wa?.whatsapp?.buttonUrlSuffix).toContain(encodeURIComponent(order.order_number));

    await whatsapp.postStatuses([{ wamid: request.wamid, status: 'delivered' }]);
    await waitFor(async () =>
      (await stack.adminCaller.orders.messages({ orderId: order.id })).some((m) => m.state === 'delivered'),
    );
    await whatsapp.postStatuses([{ wamid: request.wamid, status: 'read' }]);
    const read = await waitFor(async () =>
      (await stack.adminCaller.orders.messages({ orderId: order.id })).find((m) => m.state === 'read'),
    );
    expect(read.channel).toBe('whatsapp');

    // The admin reads the text here; the log carries none of it.
    expect(stack.logs.text).not.toContain('Hi Meera');
    expect(stack.logs.text).not.toContain(email?.subject);
  });

  it('a failure says why: the mail server’s refusal, or WhatsApp’s error with its code', async () => {
    const address = `refused-${Date.now()}@example.com`;
    smtp.refuseRecipient.set(address, 550);
    const order = await shipOrder({ name: 'Ravi Kumar', email: address, phone: '9812345602' });
    const request = await waitFor(() => whatsapp.requests.find((r) => r.body.to === '+919812345602'), {
      what: 'the shipped WhatsApp',
    });
    await whatsapp.postStatuses([
      { wamid: request.wamid, status: 'failed', error: { code: 131026, title: 'Message undeliverable' } },
    ]);
    const view = await waitFor(
      async () => {
        const all = await stack.adminCaller.orders.messages({ orderId: order.id });
        const customer = all.filter((m) => m.audience === 'customer');
        return customer.length >= 2 && customer.every((m) => m.state === 'failed') ? customer : undefined;
      },
      { what: 'both messages failed', timeoutMs: 30_000 },
    );
    expect(view.find((m) => m.channel === 'email')?.failureReason).toMatch(/550/);
    const wa = view.find((m) => m.channel === 'whatsapp');
    expect(wa?.failureReason).toContain('131026');
    expect(wa?.failureReason).toContain('Message undeliverable');
  });

  it('another order’s or an unknown order’s messages are not shown', async () => {
    expect(await stack.adminCaller.orders.messages({ orderId: '999999999' })).toEqual([]);
    await expect(stack.anonymousCaller.orders.messages({ orderId: '1' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});
