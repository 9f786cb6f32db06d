import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  insertOrder,
  insertOrderNote,
  insertShipment,
  insertStatusHistory,
  testDatabaseKinds,
  type TestDatabase,
} from '../testing/index';
import { compiledOnce } from './compiled-once';
import { sql } from 'kysely';
import { findTrackingRead, findTrackingSubject } from './tracking.repository';

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

  it('reads the whole customer view in one statement: the subject, the language, the history they may see', async () => {
    const order = await insertOrder(database.db, { status: 'shipped' });
    const forward = await insertShipment(database.db, { order_id: order.id, booking_state: 'booked' });
    const back = await insertShipment(database.db, {
      order_id: order.id,
      booking_state: 'booked',
      direction: 'return',
      awb: null,
    });
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 8, minute, 0, 123));
    const placed = await insertStatusHistory(database.db, { order_id: order.id, applied: true, recorded_at: at(0) });
    const scan = await insertStatusHistory(database.db, {
      order_id: order.id,
      shipment_id: forward.id,
      source: 'track',
      order_status: null,
      shipment_status: 'in_transit',
      description: 'Arrived at hub',
      location: 'Pune',
      occurred_at: at(5),
      recorded_at: at(6),
    });
    const returnStep = await insertStatusHistory(database.db, {
      order_id: order.id,
      shipment_id: back.id,
      applied: true,
      order_status: null,
      shipment_status: 'picked_up',
      description: 'Admin override: customer called',
      recorded_at: at(7),
    });
    // Never the customer's: a repeated push that did not apply, and the conversation before booking.
    await insertStatusHistory(database.db, { order_id: order.id, applied: false, recorded_at: at(8) });
    await insertStatusHistory(database.db, {
      order_id: order.id,
      source: 'customer',
      applied: true,
      recorded_at: at(9),
    });

    const read = await findTrackingRead(database.db, order.order_number.toLowerCase());
    const subject = await findTrackingSubject(database.db, order.order_number);
    // The subject's shipment and NDR, and of the order only what the view shows or decides by.
    expect(read).toMatchObject({ shipment: subject?.shipment, ndr: subject?.ndr, customerLanguage: 'en' });
    const full = subject?.order;
    expect(read?.order).toEqual({
      id: full?.id,
      orderNumber: full?.orderNumber,
      customerId: full?.customerId,
      status: full?.status,
      paymentMethod: full?.paymentMethod,
      placedAt: full?.placedAt,
      contactPhone: full?.contactPhone,
      shippingAddress: {
        name: full?.shippingAddress.name,
        city: full?.shippingAddress.city,
        state: full?.shippingAddress.state,
        pincode: full?.shippingAddress.pincode,
      },
    });
    expect(read?.history).toEqual([
      {
        id: returnStep.id,
        shipmentId: back.id,
        shipmentDirection: 'return',
        orderStatus: null,
        shipmentStatus: 'picked_up',
        carrierStatus: null,
        location: null,
        scanText: null,
        occurredAt: null,
        recordedAt: at(7),
        source: 'system',
      },
      {
        id: scan.id,
        shipmentId: forward.id,
        shipmentDirection: 'forward',
        orderStatus: null,
        shipmentStatus: 'in_transit',
        carrierStatus: null,
        location: 'Pune',
        scanText: 'Arrived at hub',
        occurredAt: at(5),
        recordedAt: at(6),
        source: 'track',
      },
      expect.objectContaining({ id: placed.id, orderStatus: 'processing', scanText: null, recordedAt: at(0) }),
    ]);
    expect(JSON.stringify(read)).not.toContain('Admin override');
    expect(await findTrackingRead(database.db, 'NO-SUCH-ORDER-123')).toBeUndefined();
    expect(await findTrackingRead(database.db, ' \u0000 ')).toBeUndefined();
    const bare = await insertOrder(database.db);
    expect((await findTrackingRead(database.db, bare.order_number))?.history).toEqual([]);
  });

  it.runIf(kind === 'postgres')('the whole-view read is prepared once on a connection and then only run', async () => {
    const order = await insertOrder(database.db);
    const named = await database.db.connection().execute(async (db) => {
      for (let i = 0; i < 7; i++) expect((await findTrackingRead(db, order.order_number))?.order.id).toBe(order.id);
      return (
        await sql<{ name: string; calls: string }>`select name, (generic_plans + custom_plans)::text as calls
          from pg_prepared_statements where name like 'app_prepared_%'`.execute(db)
      ).rows;
    });
    // One statement by name on this connection, run at least these 7 times (earlier tests may have used it too).
    expect(named).toHaveLength(1);
    expect(Number(named[0]?.calls)).toBeGreaterThanOrEqual(7);
  });
});
