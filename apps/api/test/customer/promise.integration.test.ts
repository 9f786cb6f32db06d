import { catchUpDeliveryMemory } from '@app/db';
import { insertOrder, insertShipment } from '@app/db/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { PROMISE_REQUESTS_PER_MINUTE } from '../../src/entry/http/promise.routes';

/** Monday 7 December 2026, 10:00 in India: before the 1 pm cut-off, so the parcel leaves today. */
const MONDAY_MORNING = new Date('2026-12-07T10:00:00+05:30');

describe.each(testDatabaseKinds())('the delivery promise API on %s', (kind) => {
  let stack: TestStack;
  let client = 0;
  beforeAll(async () => {
    stack = await startTestStack({
      kind,
      startWorkers: false,
      clock: new ManualClock(MONDAY_MORNING),
      env: { TRUST_PROXY: 'loopback' },
    });
    // Twelve parcels delivered to 411001 (Pune), booked Monday, delivered in 2-4 days.
    for (let i = 0; i < 12; i++) {
      const order = await insertOrder(stack.database.db, {
        status: 'delivered',
        ship_pincode: '411001',
        ship_city: 'Pune',
        ship_state: 'Maharashtra',
      });
      await insertShipment(stack.database.db, {
        order_id: order.id,
        status: 'delivered',
        booked_at: new Date('2026-11-02T06:00:00Z'),
        last_event_at: new Date(Date.parse('2026-11-02T06:00:00Z') + (2 + (i % 3)) * 86_400_000),
      });
    }
    await catchUpDeliveryMemory(stack.database.db, MONDAY_MORNING);
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Each test speaks from its own address, so the per-client limit is its own. */
  const ask = (query: string, from = `198.51.100.${++client}`) =>
    fetch(`${stack.url}/api/v1/promise${query}`, { headers: { 'X-Forwarded-For': from } });

  it("promises from the store's own deliveries, cacheable and readable from any storefront", async () => {
    const res = await ask('?pincode=411001');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    // Median 3 days, 90th percentile 4: Monday + 4 = Friday 11 December.
    expect(await res.json()).toEqual({
      pincode: '411001',
      serviceable: true,
      cod: true,
      deliverBy: '2026-12-11',
      days: { min: 3, max: 4 },
      basis: 'history',
    });
    // A neighbour in the same sorting district (411) uses the district's history.
    expect(await (await ask('?pincode=411038&weightGrams=750')).json()).toMatchObject({ basis: 'history' });
  });

  it("falls back to the courier network's days where the store has no history", async () => {
    const body = await (await ask('?pincode=302001&cod=1')).json();
    expect(body).toEqual({
      pincode: '302001',
      serviceable: true,
      cod: true,
      deliverBy: '2026-12-14',
      days: { min: 4, max: 6 },
      basis: 'courier',
    });
  });

  it('says so where the courier does not go, or does not take cash', async () => {
    expect(await (await ask('?pincode=908056')).json()).toMatchObject({
      serviceable: false,
      deliverBy: null,
      days: null,
      basis: 'none',
    });
    expect(await (await ask('?pincode=560099&cod=1')).json()).toMatchObject({
      serviceable: true,
      cod: false,
      deliverBy: null,
      basis: 'none',
    });
  });

  it('refuses a malformed pincode or parameter with the reason, uncached', async () => {
    for (const query of ['', '?pincode=41100', '?pincode=011001', '?pincode=4110011', '?pincode=abcdef']) {
      const res = await ask(query);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.message).toMatch(/pincode/);
    }
    expect((await ask('?pincode=411001&weightGrams=99999999999')).status).toBe(400);
    expect((await ask('?pincode=411001&cod=maybe')).status).toBe(400);
    expect((await ask('?pincode=411001&name=x')).status).toBe(400);
    expect((await ask('?pincode=411001&pincode=411002')).status).toBe(400);
  });

  it('answers any query string with a 200 or a 400, never an error page', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('pincode', 'weightGrams', 'cod', 'x', '__proto__', 'pincode[]'),
          fc.oneof(fc.string(), fc.stringMatching(/^[0-9]{1,8}$/), fc.constant('\u0000'), fc.constant('\ud800')),
        ),
        async (params) => {
          const query = Object.entries(params)
            .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'))}`)
            .join('&');
          const res = await ask(`?${query}`, '203.0.113.9');
          expect([200, 400, 429]).toContain(res.status);
          expect(res.headers.get('content-type')).toMatch(/application\/json/);
          await res.json();
        },
      ),
      { numRuns: 80 },
    );
  });

  it('limits one client, not the others', async () => {
    const from = '192.0.2.77';
    const codes: number[] = [];
    for (let i = 0; i < PROMISE_REQUESTS_PER_MINUTE + 1; i++) codes.push((await ask('?pincode=411001', from)).status);
    expect(codes.filter((c) => c === 200)).toHaveLength(PROMISE_REQUESTS_PER_MINUTE);
    expect(codes.at(-1)).toBe(429);
    expect((await ask('?pincode=411001')).status).toBe(200);
  });

  it('serves the widget: a few KB of plain script any page may load', async () => {
    const res = await fetch(`${stack.url}/widget/promise.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const text = await res.text();
    expect(text.length).toBeLessThan(6_000);
    expect(text).toContain('data-delivery-promise');
  });
});
