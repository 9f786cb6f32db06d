import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  insertOrder,
  insertOrderNote,
  insertShipment,
  testDatabaseKinds,
  type TestDatabase,
} from '../testing/index';
import { compiledOnce } from './compiled-once';
import { findTrackingSubject } from './tracking.repository';

describe.each(testDatabaseKinds())('the tracking lookup on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('finds the order by number in any case, with its booked forward shipment and no NDR', async () => {
    const order = await insertOrder(database.db, { status: 'shipped' });
    await insertShipment(database.db, { order_id: order.id, booking_state: 'void', awb: null });
    const booked = await insertShipment(database.db, {
      order_id: order.id,
      booking_state: 'booked',
      tracking_url: 'https://track.example/1',
      last_event_at: new Date('2026-11-30T08:00:00Z'),
    });

    const subject = await findTrackingSubject(database.db, ` ${order.order_number.toLowerCase()} `);
    expect(subject?.order).toMatchObject({ id: order.id, orderNumber: order.order_number, status: 'shipped' });
    expect(subject?.shipment).toEqual({
      awb: booked.awb,
      courierName: booked.courier_name,
      trackingUrl: 'https://track.example/1',
      status: booked.status,
      lastEventAt: new Date('2026-11-30T08:00:00Z'),
      promisedBy: null,
    });
    expect(subject?.ndr).toBeNull();
  });

  it('has no shipment for an unshipped order, and nothing for an unknown or empty number', async () => {
    const order = await insertOrder(database.db);
    await insertShipment(database.db, { order_id: order.id, booking_state: 'failed', awb: null });
    const subject = await findTrackingSubject(database.db, order.order_number);
    expect(subject?.order.id).toBe(order.id);
    expect(subject?.shipment).toBeNull();
    expect(await findTrackingSubject(database.db, 'NO-SUCH-ORDER-123')).toBeUndefined();
    expect(await findTrackingSubject(database.db, '   ')).toBeUndefined();
  });

  it("brings the latest NDR event and the customer's answer to that event only", async () => {
    const order = await insertOrder(database.db, { status: 'shipped' });
    await insertShipment(database.db, { order_id: order.id, booking_state: 'booked' });
    const older = await insertOrderNote(database.db, {
      order_id: order.id,
      kind: 'ndr',
      body: 'Customer not available',
      ndr_code: 'CNA',
      created_at: new Date('2026-11-28T10:00:00Z'),
    });
    await database.db
      .insertInto('ndr_responses')
      .values({
        order_id: order.id,
        ndr_note_id: older.id,
        action: 'reattempt',
        channel: 'page',
        created_at: new Date('2026-11-28T12:00:00Z'),
      })
      .execute();

    // Only the older event has an answer: the latest is open.
    const latest = await insertOrderNote(database.db, {
      order_id: order.id,
      kind: 'ndr',
      body: 'Address incomplete',
      ndr_code: 'ADI',
      ndr_date: '2026-11-30',
      created_at: new Date('2026-11-30T10:00:00Z'),
    });
    await insertOrderNote(database.db, { order_id: order.id, created_at: new Date('2026-11-30T11:00:00Z') });
    let subject = await findTrackingSubject(database.db, order.order_number);
    expect(subject?.ndr).toEqual({
      event: {
        noteId: latest.id,
        orderId: order.id,
        code: 'ADI',
        reportedOn: '2026-11-30',
        recordedAt: new Date('2026-11-30T10:00:00Z'),
      },
      response: null,
    });

    await database.db
      .insertInto('ndr_responses')
      .values({
        order_id: order.id,
        ndr_note_id: latest.id,
        action: 'update_address',
        landmark: 'Opposite the temple',
        alternate_phone: '9123400002',
        channel: 'whatsapp',
        created_at: new Date('2026-11-30T12:00:00Z'),
      })
      .execute();
    subject = await findTrackingSubject(database.db, order.order_number);
    expect(subject?.ndr?.response).toMatchObject({
      orderId: order.id,
      ndrNoteId: latest.id,
      action: 'update_address',
      landmark: 'Opposite the temple',
      alternatePhone: '9123400002',
      addressLine: null,
      channel: 'whatsapp',
      createdAt: new Date('2026-11-30T12:00:00Z'),
    });
  });

  it('a query compiled once refuses a value that is not exactly one bound parameter', async () => {
    const twice = compiledOnce((db, value) =>
      db.selectFrom('orders').select('id').where('order_number', '=', value).where('external_id', '=', value),
    );
    await expect(twice(database.db, 'FB-1')).rejects.toThrow(/exactly one bound parameter/);
    const unused = compiledOnce((db) => db.selectFrom('orders').select('id').where('order_number', '=', 'FB-1'));
    await expect(unused(database.db, 'FB-1')).rejects.toThrow(/exactly one bound parameter/);
  });
});
