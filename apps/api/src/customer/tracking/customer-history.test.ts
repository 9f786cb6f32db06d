import type { CustomerHistoryRecord } from '@app/db';
import {
  describeNdr,
  hasUnprintable,
  NDR_CODES,
  ORDER_STATUSES,
  SHIPMENT_DIRECTIONS,
  SHIPMENT_STATUSES,
} from '@app/shipping';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerHistory } from './customer-history';

const SOURCES = ['admin', 'booking', 'webhook', 'sync', 'track', 'system'] as const;

const record = fc.record<CustomerHistoryRecord>({
  id: fc.integer({ min: 1, max: 1_000_000 }).map(String),
  shipmentId: fc.option(fc.constant('7')),
  shipmentDirection: fc.option(fc.constantFrom(...SHIPMENT_DIRECTIONS)),
  orderStatus: fc.option(fc.constantFrom(...ORDER_STATUSES)),
  shipmentStatus: fc.option(fc.constantFrom(...SHIPMENT_STATUSES)),
  carrierStatus: fc.option(
    fc.oneof(
      fc.constantFrom('21', '26', '3'),
      fc.constantFrom(...Object.keys(NDR_CODES)).map((c) => `NDR:${c}`),
      fc.string({ unit: 'binary' }).map((c) => `NDR:${c}`),
    ),
  ),
  location: fc.option(fc.string({ unit: 'binary', maxLength: 40 })),
  scanText: fc.option(fc.string({ unit: 'binary', maxLength: 60 })),
  occurredAt: fc.option(fc.date({ noInvalidDate: true })),
  recordedAt: fc.date({ noInvalidDate: true }),
  source: fc.constantFrom(...SOURCES),
});

/** Every sentence the customer's history may say that is not a courier's scan. */
const FIXED = new Set([
  ...Object.keys(NDR_CODES).map((code) => `Delivery attempt failed: ${describeNdr(code).customerText}`),
  `Delivery attempt failed: ${describeNdr('SOMETHING-NEW').customerText}`,
]);

describe('the customer history', () => {
  it('says only fixed sentences, or a courier scan in printable form, whatever the record holds', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), (entries) => {
        for (const event of customerHistory(entries)) {
          expect(hasUnprintable(event.text)).toBe(false);
          expect(hasUnprintable(event.location ?? '')).toBe(false);
          if (event.kind !== 'scan') seen.add(event.text);
        }
      }),
    );
    // Beyond the NDR sentences, a small closed set of labels.
    const labels = [...seen].filter((text) => !FIXED.has(text));
    expect(labels.length).toBeLessThanOrEqual(40);
    for (const label of labels) expect(label).toMatch(/^[A-Z][a-z ]+$/);
  });

  it("never says an entry's description, even one smuggled in beside the record", () => {
    const smuggled = {
      id: '1',
      shipmentId: null,
      shipmentDirection: null,
      orderStatus: 'cancelled',
      shipmentStatus: null,
      carrierStatus: null,
      location: null,
      scanText: null,
      occurredAt: null,
      recordedAt: new Date(),
      source: 'admin',
      description: 'INTERNAL ONLY fraud suspicion',
    } as CustomerHistoryRecord;
    expect(customerHistory([smuggled]).map((e) => e.text)).toEqual(['Order cancelled']);
  });

  it('reads a return pickup as a return, and the order coming in as placed', () => {
    const at = new Date('2026-12-01T10:00:00Z');
    const base = {
      shipmentId: null,
      shipmentDirection: null,
      orderStatus: null,
      shipmentStatus: null,
      carrierStatus: null,
      location: null,
      scanText: null,
      occurredAt: null,
    } as const;
    const events = customerHistory([
      {
        ...base,
        id: '3',
        recordedAt: new Date(at.getTime() + 2000),
        source: 'webhook',
        shipmentId: '9',
        shipmentDirection: 'return',
        shipmentStatus: 'picked_up',
      },
      { ...base, id: '2', recordedAt: new Date(at.getTime() + 1000), source: 'admin', orderStatus: 'processing' },
      { ...base, id: '1', recordedAt: at, source: 'system', orderStatus: 'processing' },
    ]);
    expect(events.map((e) => e.text)).toEqual(['Return picked up from you', 'Order confirmed', 'Order placed']);
  });
});
