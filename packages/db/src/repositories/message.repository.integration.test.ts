import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, insertOrder, testDatabaseKinds, type TestDatabase } from '../testing/index';
import {
  applyMessageReceipt,
  insertMessage,
  listMessagesForOrder,
  markMessageAttemptFailed,
  markMessageDelivered,
  scrubMessagesBefore,
  type NewMessage,
} from './message.repository';

const NOW = new Date('2026-12-06T06:00:00Z');

describe.each(testDatabaseKinds())('an order’s messages on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  async function write(message: Partial<NewMessage> & { orderId: string | null; dedupeKey: string }) {
    const id = await database.db.transaction().execute((tx) =>
      insertMessage(tx, {
        channel: 'email',
        audience: 'customer',
        template: 'shipped',
        recipient: 'asha@example.com',
        subject: 'Your order has shipped',
        body: 'Hi Asha,\n\nYour order is on its way.',
        params: {},
        now: NOW,
        ...message,
      }),
    );
    if (!id) throw new Error('message not written');
    return id;
  }

  it('reads back what was sent, oldest first: subject and text, WhatsApp template and parameters, and its state', async () => {
    const order = await insertOrder(database.db);
    const other = await insertOrder(database.db);
    const later = await write({
      orderId: order.id,
      dedupeKey: `t:${order.id}:wa`,
      channel: 'whatsapp',
      recipient: '+919812345671',
      subject: null,
      body: 'order_shipped: Asha | FB-1 | Delhivery | 123',
      params: { template: { name: 'order_shipped', language: 'en' }, body: ['Asha', 'FB-1', 'Delhivery', '123'] },
      now: new Date(NOW.getTime() + 60_000),
    });
    const first = await write({ orderId: order.id, dedupeKey: `t:${order.id}:email` });
    await write({ orderId: other.id, dedupeKey: `t:${other.id}:email` });
    await markMessageDelivered(database.db, first, { status: 'sent', at: NOW, providerMessageId: '<id@smtp>' });
    await markMessageDelivered(database.db, later, { status: 'sent', at: NOW, providerMessageId: 'wamid.1' });
    await applyMessageReceipt(database.db, later, {
      status: 'failed',
      at: NOW,
      providerMessageId: 'wamid.1',
      errorCode: 131026,
      error: 'Message undeliverable',
    });

    const messages = await listMessagesForOrder(database.db, order.id);
    expect(messages.map((m) => m.id)).toEqual([first, later]);
    expect(messages[0]).toMatchObject({
      channel: 'email',
      subject: 'Your order has shipped',
      body: 'Hi Asha,\n\nYour order is on its way.',
      status: 'sent',
      contentRemoved: false,
    });
    expect(messages[1]).toMatchObject({
      channel: 'whatsapp',
      params: { template: { name: 'order_shipped', language: 'en' }, body: ['Asha', 'FB-1', 'Delhivery', '123'] },
      deliveryStatus: 'failed',
      deliveryErrorCode: 131026,
      deliveryError: 'Message undeliverable',
    });
  });

  it('keeps the reason of a failed send, and says when retention removed the text', async () => {
    const order = await insertOrder(database.db);
    const id = await write({
      orderId: order.id,
      dedupeKey: `t:${order.id}:old`,
      now: new Date('2026-01-01T00:00:00Z'),
    });
    await markMessageAttemptFailed(database.db, id, { final: true, error: '550 mailbox unavailable' });
    expect((await listMessagesForOrder(database.db, order.id))[0]).toMatchObject({
      status: 'failed',
      lastError: '550 mailbox unavailable',
      contentRemoved: false,
    });
    expect(await scrubMessagesBefore(database.db, new Date('2026-06-01T00:00:00Z'), 100)).toBeGreaterThan(0);
    const [scrubbed] = await listMessagesForOrder(database.db, order.id);
    expect(scrubbed).toMatchObject({ contentRemoved: true, recipient: '[removed]', status: 'failed' });
    expect(scrubbed?.body).not.toContain('Asha');
  });

  it('an unknown or malformed order id reads as no messages', async () => {
    expect(await listMessagesForOrder(database.db, '999999999')).toEqual([]);
    expect(await listMessagesForOrder(database.db, 'not-an-id')).toEqual([]);
  });
});
