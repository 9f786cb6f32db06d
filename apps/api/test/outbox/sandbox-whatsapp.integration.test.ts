import { listMessagesForOrder } from '@app/db';
import { insertCustomer, insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, waitFor, type TestStack } from '../../src/testing/index';

/** Sandbox mode with no WhatsApp account, as `npm start` runs it: the stand-in closes the loop. */
describe('the sandbox’s WhatsApp stand-in', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ whatsappStandIn: true });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function shipOptedIn(phone: string) {
    const customer = await insertCustomer(stack.database.db, { whatsapp_opt_in: true, phone, email: null });
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      customer_id: customer.id,
      contact_phone: phone,
      contact_email: null,
    });
    await stack.adminCaller.orders.ship({ orderId: order.id });
    return order;
  }

  it('accepts the send and reports it sent, delivered, then read, through signed webhooks', async () => {
    expect(stack.runtime.whatsappStandIn).toBeDefined();
    const order = await shipOptedIn('9812345671');
    const message = await waitFor(
      async () =>
        (await listMessagesForOrder(stack.database.db, order.id)).find(
          (m) => m.channel === 'whatsapp' && m.deliveryStatus === 'read',
        ),
      { what: 'the read receipt', timeoutMs: 20_000 },
    );
    expect(message.status).toBe('sent');
    expect(message.providerMessageId).toMatch(/^wamid\./);
    expect(stack.runtime.whatsappStandIn?.posted.every((p) => p.status === 200)).toBe(true);
  });

  it('a number ending 0000 is accepted, then fails with Meta’s 131026, visible to the admin', async () => {
    const order = await shipOptedIn('9812340000');
    await waitFor(
      async () =>
        (await stack.adminCaller.orders.messages({ orderId: order.id })).find(
          (m) => m.channel === 'whatsapp' && m.delivery?.status === 'failed' && m.delivery.errorCode === 131026,
        ),
      { what: 'the failed receipt', timeoutMs: 20_000 },
    );
  });
});
