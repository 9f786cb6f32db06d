import { insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingToken } from '../../src/platform/security/tokens';
import { appErrorCodeOf } from '../../src/entry/trpc/init';
import { ManualClock, startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';

describe.each(testDatabaseKinds())('tracking.get on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ kind });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('without the token shows nothing private; with it, masked details and the history', async () => {
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    await stack.adminCaller.orders.ship({ orderId: order.id });
    const customer = await stack.database.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', order.customer_id)
      .executeTakeFirstOrThrow();
    const secrets = [
      customer.name,
      customer.phone,
      customer.email ?? '@',
      order.ship_line1,
      order.ship_name,
      order.contact_phone,
    ];

    const anonymous = stack.callerWithIp('203.0.113.5', null);
    const locked = await anonymous.tracking.get({ orderId: order.order_number });
    expect(locked).toEqual({ state: 'locked' });
    const lockedText = JSON.stringify(locked);
    for (const s of secrets) expect(lockedText).not.toContain(s);

    const token = trackingToken(stack.runtime.deps.secrets.appSecret, order.order_number);
    const view = await anonymous.tracking.get({ orderId: order.order_number, token });
    if (view.state !== 'ok') throw new Error('expected ok');
    expect(view.status).toBe('shipped');
    expect(view.shipment?.awb).toBeTruthy();
    expect(view.steps.map((s) => s.reached)).toEqual([true, true, false, false]);
    const text = JSON.stringify(view);
    for (const s of [customer.phone, customer.email ?? '@', order.ship_line1]) expect(text).not.toContain(s);
    expect(view.recipient.phone).toMatch(/^\*+\d{4}$/);

    // Over HTTP too: the public page is reachable without a session.
    const res = await fetch(
      `${stack.url}/trpc/tracking.get?input=${encodeURIComponent(JSON.stringify({ orderId: order.order_number }))}`,
    );
    expect(res.status).toBe(200);
  });

  it('answers unknown orders, wrong tokens and wrong digits the same way', async () => {
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    const caller = stack.callerWithIp('203.0.113.6', null);
    const code = async (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => appErrorCodeOf(e),
      );
    const last4 = order.contact_phone.slice(-4);
    const wrong = String((Number(last4) + 1) % 10000).padStart(4, '0');
    expect(await code(caller.tracking.get({ orderId: 'FB-99999999', token: 'x'.repeat(24) }))).toBe(
      'TRACKING_NOT_FOUND',
    );
    expect(await code(caller.tracking.get({ orderId: order.order_number, token: 'y'.repeat(24) }))).toBe(
      'TRACKING_NOT_FOUND',
    );
    expect(await code(caller.tracking.get({ orderId: order.order_number, phoneLast4: wrong }))).toBe(
      'TRACKING_NOT_FOUND',
    );
    const right = await caller.tracking.get({ orderId: order.order_number, phoneLast4: last4 });
    expect(right.state).toBe('ok');
  });

  it('limits guessing the phone digits', async () => {
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    const caller = stack.callerWithIp('203.0.113.7', null);
    const codes: (string | null)[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push(
        await caller.tracking.get({ orderId: order.order_number, phoneLast4: String(1000 + i) }).then(
          () => null,
          (e: unknown) => appErrorCodeOf(e),
        ),
      );
    }
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(2);
  });
});

describe.each(testDatabaseKinds())('tracking with the phone digits over time on %s', (kind) => {
  let stack: TestStack;
  const clock = new ManualClock(new Date('2026-12-01T10:00:00Z'));
  beforeAll(async () => {
    stack = await startTestStack({ kind, clock });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a page that got in with the right digits refreshes for 30 minutes of (fake) time and is never locked', async () => {
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    const page = stack.callerWithIp('203.0.113.20', null);
    const first = await page.tracking.get({ orderId: order.order_number, phoneLast4: order.contact_phone.slice(-4) });
    if (first.state !== 'ok' || !first.accessToken) throw new Error('expected ok with an access token');
    let token = first.accessToken;
    for (let minute = 1; minute <= 30; minute++) {
      clock.advance(60_000);
      const view = await page.tracking.get({ orderId: order.order_number, token });
      if (view.state !== 'ok' || !view.accessToken) throw new Error(`refresh at minute ${minute} was refused`);
      token = view.accessToken;
    }
    // Typing the right digits again and again never counts either.
    for (let i = 0; i < 40; i++) {
      const again = await page.tracking.get({ orderId: order.order_number, phoneLast4: order.contact_phone.slice(-4) });
      expect(again.state).toBe('ok');
    }
  });

  it('the access token expires and only opens its own order', async () => {
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    const otherOrder = await insertOrder(stack.database.db, { status: 'processing' });
    const page = stack.callerWithIp('203.0.113.21', null);
    const view = await page.tracking.get({ orderId: order.order_number, phoneLast4: order.contact_phone.slice(-4) });
    if (view.state !== 'ok' || !view.accessToken) throw new Error('expected an access token');
    const code = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => appErrorCodeOf(e),
      );
    expect(await code(page.tracking.get({ orderId: otherOrder.order_number, token: view.accessToken }))).toBe(
      'TRACKING_NOT_FOUND',
    );
    clock.advance(31 * 60_000);
    expect(await code(page.tracking.get({ orderId: order.order_number, token: view.accessToken }))).toBe(
      'TRACKING_NOT_FOUND',
    );
  });

  it('wrong guesses still lock the digits path, while the signed link keeps working', async () => {
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    const attacker = stack.callerWithIp('198.51.100.30', null);
    const right = order.contact_phone.slice(-4);
    for (let i = 0; i < 10; i++) {
      const guess = String((Number(right) + 1 + i) % 10000).padStart(4, '0');
      await attacker.tracking.get({ orderId: order.order_number, phoneLast4: guess }).catch(() => undefined);
    }
    const customer = stack.callerWithIp('203.0.113.22', null);
    await expect(customer.tracking.get({ orderId: order.order_number, phoneLast4: right })).rejects.toThrow();
    const link = trackingToken(stack.runtime.deps.secrets.appSecret, order.order_number);
    expect((await customer.tracking.get({ orderId: order.order_number, token: link })).state).toBe('ok');
  });

  it('an order number with a control character is refused, on the page, its forms and the procedure, never a 500', async () => {
    const res = await fetch(
      `${stack.url}/trpc/tracking.get?input=${encodeURIComponent(JSON.stringify({ orderId: 'FB\u0000-1' }))}`,
    );
    expect(res.status).toBe(400);
    expect((await fetch(`${stack.url}/order-tracking/%00`)).status).toBe(404);
    const ndr = await fetch(`${stack.url}/order-tracking/%00/ndr?t=x`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url },
      body: 't=auiGB956GWu8C2lPcIe9-4-C&action=reattempt&landmark=%00',
    });
    expect(ndr.status).toBe(404);
    expect(await ndr.text()).not.toMatch(/internal error/i);
  });
});
