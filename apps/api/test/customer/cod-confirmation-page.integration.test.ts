import { findOrderById } from '@app/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startStackWithProviders,
  TestSmtpServer,
  TestWhatsAppApi,
  testDatabaseKinds,
  type TestStack,
} from '../../src/testing/index';
import { codConfirmToken } from '../../src/platform/security/tokens';
import { orderBody } from '../support/order-body';

/** The confirmation page over real HTTP, as a browser with JavaScript off uses it (form posts, redirects). */
describe.each(testDatabaseKinds())('COD confirmation page on %s', (kind) => {
  let stack: TestStack;
  let key = '';
  let seq = 0;
  const smtp = new TestSmtpServer();
  const whatsapp = new TestWhatsAppApi();

  beforeAll(async () => {
    stack = await startStackWithProviders({ smtp, whatsapp, kind, env: { COD_CONFIRMATION: 'all' } });
    key = (await stack.adminCaller.apiKeys.create({ name: 'Storefront' })).key;
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function newOrder(language?: 'en' | 'hi') {
    seq++;
    const response = await fetch(`${stack.url}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `p-${seq}` },
      body: JSON.stringify(
        orderBody({
          externalId: `PAGE-${kind}-${seq}`,
          orderNumber: `#P${seq}-${kind}`,
          customer: {
            name: 'Meera Krishnan',
            phone: `90000${String(10000 + seq).slice(-5)}`,
            email: null,
            ...(language ? { language } : {}),
          },
          shippingAddress: {
            line1: '14, 2nd Cross, Indiranagar',
            landmark: 'Near the temple',
            city: 'Bengaluru',
            state: 'KA',
            pincode: '560038',
          },
        }),
      ),
    });
    expect(response.status).toBe(201);
    const { order } = (await response.json()) as { order: { id: string; orderNumber: string } };
    const record = await findOrderById(stack.database.db, order.id);
    const expiresAt = record?.codConfirmation.expiresAt;
    if (!expiresAt) throw new Error('no confirmation was requested');
    const token = codConfirmToken(stack.runtime.deps.secrets.appSecret, order.orderNumber, expiresAt);
    const path = `/confirm-order/${encodeURIComponent(order.orderNumber)}`;
    return { ...order, token, path };
  }

  const get = (path: string) => fetch(`${stack.url}${path}`, { redirect: 'manual' });
  const post = (path: string, form: Record<string, string>) =>
    fetch(`${stack.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });

  it('gives nothing away without its token: no token, a wrong one, another order’s, an expired one', async () => {
    const order = await newOrder();
    const other = await newOrder();
    const expired = codConfirmToken(
      stack.runtime.deps.secrets.appSecret,
      order.orderNumber,
      new Date(Date.now() - 1000),
    );
    const tracking = (await stack.adminCaller.orders.get({ orderId: order.id })).trackingLink.split('?t=')[1] ?? '';
    for (const path of [
      order.path,
      `${order.path}?t=nope`,
      `${order.path}?t=${other.token}`,
      `${order.path}?t=${expired}`,
      `${order.path}?t=${order.token.slice(0, -2)}xx`,
      `${order.path}?t=${tracking}`,
      `/confirm-order/%23NOPE-1?t=${order.token}`,
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      const html = await response.text();
      expect(html).toContain('data-confirm="invalid"');
      for (const secret of ['Meera', 'Indiranagar', 'temple', '560038', '9000', '₹', 'Confirm order'])
        expect(html, `${path} shows ${secret}`).not.toContain(secret);
    }
    // Posts with a bad token change nothing.
    expect((await post(`${order.path}/answer`, { t: 'nope', answer: 'cancel' })).status).toBe(404);
    expect((await post(`${order.path}/answer`, { t: other.token, answer: 'cancel' })).status).toBe(404);
    expect((await stack.adminCaller.orders.get({ orderId: order.id })).codConfirmation.state).toBe('pending');
  });

  it('with its token: the order, the amount and the address; Confirm posts and redirects back (no JavaScript)', async () => {
    const order = await newOrder();
    const page = await get(`${order.path}?t=${order.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toContain('no-store');
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`Your order ${order.orderNumber}`);
    expect(html).toContain('Hi Meera,');
    expect(html).toContain('value="Near the temple"');
    expect(html).not.toContain('<script');
    const answered = await post(`${order.path}/answer?lang=en`, { t: order.token, answer: 'confirm' });
    expect(answered.status).toBe(303);
    const location = answered.headers.get('location') ?? '';
    expect(location).toContain('done=confirmed');
    const after = await (await get(location)).text();
    expect(after).toContain('data-confirm="confirmed"');
    expect(after).not.toContain('name="answer"');
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.codConfirmation).toMatchObject({ state: 'confirmed', via: 'page' });
    // The first answer stands: a late Cancel is refused and changes nothing.
    expect((await post(`${order.path}/answer`, { t: order.token, answer: 'cancel' })).status).toBe(409);
    expect((await stack.adminCaller.orders.get({ orderId: order.id })).codConfirmation.state).toBe('confirmed');
  });

  it('Cancel declines the order: flagged for the admin', async () => {
    const order = await newOrder();
    expect((await post(`${order.path}/answer`, { t: order.token, answer: 'cancel' })).status).toBe(303);
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.codConfirmation).toMatchObject({ state: 'declined', via: 'page' });
    expect(detail.order.attentionKind).toBe('cod_declined');
  });

  it('the address form corrects the line, the landmark and the pincode, in the history; bad input changes nothing', async () => {
    const order = await newOrder();
    const bad = await post(`${order.path}/address`, { t: order.token, line1: 'x', landmark: '', pincode: '12' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('aria-invalid="true"');
    expect(badHtml).toContain('A pincode is 6 digits');
    expect((await findOrderById(stack.database.db, order.id))?.shippingAddress.pincode).toBe('560038');
    const good = await post(`${order.path}/address`, {
      t: order.token,
      line1: 'Flat 3B, 14 2nd Cross, Indiranagar',
      landmark: 'Opposite the metro',
      pincode: '560 008',
    });
    expect(good.status).toBe(303);
    const record = await findOrderById(stack.database.db, order.id);
    expect(record?.shippingAddress).toMatchObject({
      line1: 'Flat 3B, 14 2nd Cross, Indiranagar',
      line2: 'Landmark: Opposite the metro',
      pincode: '560008',
    });
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.history.some((h) => h.source === 'customer' && /corrected/.test(h.description ?? ''))).toBe(true);
    expect(detail.addressCheck?.problems.map((p) => p.code)).not.toContain('PINCODE_STATE_MISMATCH');
    // A correction to a pincode in another state is checked again, and the admin sees why.
    const elsewhere = await post(`${order.path}/address`, {
      t: order.token,
      line1: 'Flat 3B, 14 2nd Cross, Indiranagar',
      landmark: 'Opposite the metro',
      pincode: '110001',
    });
    expect(elsewhere.status).toBe(303);
    const rechecked = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(rechecked.addressCheck?.state).toBe('error');
    expect(rechecked.addressCheck?.problems.map((p) => p.code)).toContain('PINCODE_STATE_MISMATCH');
    // The customer's tracking history does not carry the conversation.
    const tracking = await stack.anonymousCaller.tracking.get({
      orderId: order.orderNumber,
      token: detail.trackingLink.split('?t=')[1] ?? '',
    });
    expect(JSON.stringify(tracking)).not.toMatch(/corrected|COD confirmation/);
  });

  it('speaks the customer’s language (Hindi from customer.language), switchable with ?lang= links', async () => {
    const order = await newOrder('hi');
    const html = await (await get(`${order.path}?t=${order.token}`)).text();
    expect(html).toContain('<html lang="hi">');
    expect(html).toContain(`आपका ऑर्डर ${order.orderNumber}`);
    expect(html).toContain('नमस्ते Meera,');
    expect(html).toContain('आपने कैश ऑन डिलीवरी चुना है');
    expect(html).toMatch(/₹[\d,]+\.\d\d/);
    expect(html).toContain('ऑर्डर कन्फ़र्म करें');
    expect(html).not.toContain('Confirm order');
    expect(html).toContain(`action="${order.path}/answer?lang=hi"`);
    // The switch is a plain link to the same page in English; the customer's language stays stored.
    const english = `${order.path}?t=${encodeURIComponent(order.token)}&#38;lang=en`;
    expect(html).toContain(`href="${english}"`);
    const switched = await (await get(english.replace('&#38;', '&'))).text();
    expect(switched).toContain('<html lang="en">');
    expect(switched).toContain('Confirm order');
    expect(switched).toContain('<span lang="en" aria-current="true">English</span>');
    // A refused field is explained in Hindi; the order is untouched.
    const bad = await post(`${order.path}/address?lang=hi`, {
      t: order.token,
      line1: 'x',
      landmark: '',
      pincode: '12',
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('पिनकोड 6 अंकों का होता है');
    expect(badHtml).toContain('<html lang="hi">');
    // The answer redirects back in the language it was given in.
    const answered = await post(`${order.path}/answer?lang=hi`, { t: order.token, answer: 'confirm' });
    const location = answered.headers.get('location') ?? '';
    expect(location).toContain('lang=hi');
    const after = await (await get(location)).text();
    expect(after).toContain('धन्यवाद, आपका ऑर्डर कन्फ़र्म हो गया है।');
    // An English customer's page, asked for Hindi, is Hindi; an unknown ?lang= falls back to their own.
    const other = await newOrder();
    expect(await (await get(`${other.path}?t=${other.token}&lang=hi`)).text()).toContain('<html lang="hi">');
    expect(await (await get(`${other.path}?t=${other.token}&lang=fr`)).text()).toContain('<html lang="en">');
  });
});
