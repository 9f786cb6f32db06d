import { createHmac, randomBytes } from 'node:crypto';
import { insertOrder } from '@app/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256, trackingToken } from '../../src/platform/security/tokens';
import { startTestStack, type TestStack } from '../../src/testing/index';
import { ApiClient, tally, type TrpcAnswer } from './support/http';
import { GUARDED_TABLES, listProcedures, PUBLIC_PROCEDURES } from './support/router';

describe('no one let in', () => {
  let stack: TestStack;
  let admin: ApiClient;
  let order: {
    id: string;
    order_number: string;
    contact_phone: string;
    ship_line1: string;
    contact_email: string | null;
  };

  async function counts() {
    const out: Record<string, number> = {};
    for (const table of [...GUARDED_TABLES, 'webhook_inbox', 'whatsapp_inbox']) {
      out[table] = Number(
        (await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(stack.database.db))
          .rows[0]?.n,
      );
    }
    return out;
  }

  /** A valid input for each admin procedure, so only the missing credentials can refuse it. */
  function inputFor(path: string): unknown {
    const inputs: Record<string, unknown> = {
      'orders.list': {},
      'orders.addNote': { orderId: order.id, body: 'let me in' },
      'orders.overrideStatus': { orderId: order.id, status: 'delivered', reason: 'let me in' },
      'orders.resolveBooking': { orderId: order.id, outcome: 'not_booked' },
      'orders.inbox': {},
      'orders.reapplyInbox': { inboxId: '1' },
      'shipping.checkServiceability': { pincode: '110001' },
      'sandbox.setStatus': { orderId: order.id, statusCode: 21 },
      'sandbox.raiseNdr': { orderId: order.id, type: 'REATTEMPT' },
      'sandbox.reportWeight': { orderId: order.id, newWeightGrams: 900 },
      'sandbox.ndrCodes': undefined,
      'settings.get': undefined,
      'orders.shipMany': { orderIds: [order.id], courierPolicy: 'cheapest' },
      'orders.reviewShipMany': { orderIds: [order.id] },
      'orders.batch': { batchId: '1' },
      'orders.batches': undefined,
      'orders.createReturn': { orderId: order.id, reason: 'let me in' },
      'packing.pickup': undefined,
      'packing.tabCounts': undefined,
      'packing.stuck': undefined,
      'packing.billingReport': undefined,
      'insights.overview': undefined,
      'settings.branding.get': undefined,
      'settings.branding.update': {
        storeName: 'Let Me In',
        logoUrl: '',
        brandColor: '#1d4ed8',
        supportPhone: '',
        supportEmail: '',
        storeUrl: '',
      },
      'orders.ndrList': {},
    };
    return path in inputs ? inputs[path] : { orderId: order.id };
  }

  async function call(client: ApiClient, path: string, type: string): Promise<TrpcAnswer> {
    return type === 'query' ? client.query(path, inputFor(path)) : client.mutate(path, inputFor(path));
  }

  beforeAll(async () => {
    // Requests come from 127.0.0.1: trusting it as a proxy lets X-Forwarded-For play different clients.
    stack = await startTestStack({
      env: { TRUST_PROXY: 'loopback', WHATSAPP_APP_SECRET: 'the-real-whatsapp-app-secret' },
    });
    admin = await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password);
    order = await insertOrder(stack.database.db, { status: 'processing' });
    await stack.adminCaller.orders.ship({ orderId: order.id });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('every admin procedure, over HTTP, refuses anonymous, expired, forged and signed-out sessions with 401 UNAUTHENTICATED', async () => {
    const db = stack.database.db;
    const adminId = stack.admin.id;
    // An expired session: the cookie holds the raw token, the table its sha256.
    const expiredToken = randomBytes(32).toString('base64url');
    await db
      .insertInto('admin_sessions')
      .values({
        token_hash: sha256(expiredToken),
        admin_id: adminId,
        created_at: new Date(Date.now() - 8 * 86400_000),
        expires_at: new Date(Date.now() - 1000),
      })
      .execute();
    // A signed-out session: valid until logout, then gone.
    const signedOut = await new ApiClient(stack.url).login(
      stack.adminCredentials.email,
      stack.adminCredentials.password,
    );
    expect((await signedOut.mutate('auth.logout')).status).toBe(200);
    const identities: Record<string, ApiClient> = {
      anonymous: new ApiClient(stack.url),
      expired: new ApiClient(stack.url, `icarry_admin=${expiredToken}`),
      forged: new ApiClient(stack.url, `icarry_admin=${randomBytes(32).toString('base64url')}`),
      'token hash as cookie': new ApiClient(stack.url, `icarry_admin=${sha256(expiredToken)}`),
      'signed out': signedOut,
      'empty cookie': new ApiClient(stack.url, 'icarry_admin='),
    };
    const procedures = listProcedures().filter((p) => !PUBLIC_PROCEDURES.has(p.path));
    expect(procedures.length).toBeGreaterThan(15);
    const before = await counts();
    const wrong: string[] = [];
    let calls = 0;
    for (const [who, client] of Object.entries(identities)) {
      for (const proc of procedures) {
        const answer = await call(client, proc.path, proc.type);
        calls++;
        if (answer.status !== 401 || answer.error?.appCode !== 'UNAUTHENTICATED')
          wrong.push(`${who} ${proc.path}: HTTP ${answer.status} ${String(answer.error?.appCode)}`);
      }
      // The public "who am I" says nobody.
      expect((await client.query<{ admin: unknown }>('auth.me')).data?.admin, who).toBeNull();
    }
    expect(wrong).toEqual([]);
    expect(await counts()).toEqual(before);
    // The same calls from the real admin are accepted by the auth layer (a different answer than 401).
    const asAdmin = await call(admin, 'orders.get', 'query');
    expect(asAdmin.status).toBe(200);
    console.log(
      `[no-one-let-in] ${calls} calls: ${procedures.length} admin procedures x ${Object.keys(identities).length} identities (${Object.keys(identities).join(', ')}): all 401 UNAUTHENTICATED, nothing changed`,
    );
  });

  it('the PDF routes (labels, manifest) refuse anonymous, expired, forged and signed-out sessions with 401 and print nothing', async () => {
    const expiredToken = randomBytes(32).toString('base64url');
    await stack.database.db
      .insertInto('admin_sessions')
      .values({
        token_hash: sha256(expiredToken),
        admin_id: stack.admin.id,
        created_at: new Date(Date.now() - 8 * 86400_000),
        expires_at: new Date(Date.now() - 1000),
      })
      .execute();
    const signedOut = await new ApiClient(stack.url).login(
      stack.adminCredentials.email,
      stack.adminCredentials.password,
    );
    expect((await signedOut.mutate('auth.logout')).status).toBe(200);
    const cookies: Record<string, string | null> = {
      anonymous: null,
      expired: `icarry_admin=${expiredToken}`,
      forged: `icarry_admin=${randomBytes(32).toString('base64url')}`,
      'token hash as cookie': `icarry_admin=${sha256(expiredToken)}`,
      'signed out': signedOut.cookie,
      'empty cookie': 'icarry_admin=',
    };
    const printedBefore = await stack.database.db.selectFrom('shipments').select(['id', 'label_printed_at']).execute();
    const paths = [
      `/api/labels.pdf?orderIds=${order.id}`,
      '/api/manifest.pdf',
      `/api/labels.pdf?orderIds=${order.id}&paper=a4`,
    ];
    const wrong: string[] = [];
    for (const [who, cookie] of Object.entries(cookies)) {
      for (const path of paths) {
        for (const method of ['GET', 'HEAD']) {
          const res = await fetch(`${stack.url}${path}`, { method, headers: cookie ? { cookie } : {} });
          if (res.status !== 401 || res.headers.get('content-type')?.includes('pdf'))
            wrong.push(`${who} ${method} ${path}: ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(await stack.database.db.selectFrom('shipments').select(['id', 'label_printed_at']).execute()).toEqual(
      printedBefore,
    );
    // The admin's own session prints.
    const ok = await fetch(`${stack.url}${paths[0] ?? ''}`, { headers: { cookie: String(admin.cookie) } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    console.log(
      `[no-one-let-in] PDF routes: ${paths.length} paths x GET/HEAD x ${Object.keys(cookies).length} identities: all 401, nothing printed`,
    );
  });

  it('forged webhook credentials are refused with 401 and leave no trace', async () => {
    const key = String(stack.runtime.deps.secrets.icarryApiKey);
    const secret = stack.runtime.deps.secrets.webhookSecret;
    const push = { callback_type: 'sync_status', status: '21', shipment_id: '249772', awb: 'AWB1' };
    const form = (fields: Record<string, string>) => ({
      type: 'application/x-www-form-urlencoded',
      body: new URLSearchParams(fields).toString(),
    });
    const forgeries: [string, string, { type: string; body: string }][] = [
      ['no credentials', 'shipping-updates', form(push)],
      ['wrong token', 'shipping-updates', form({ ...push, token: 'forged-token-value' })],
      ['empty token', 'shipping-updates', form({ ...push, token: '' })],
      ['token = key prefix', 'shipping-updates', form({ ...push, token: key.slice(0, -1) })],
      ['token = key + 1 char', 'shipping-updates', form({ ...push, token: `${key}x` })],
      ['token = key upper-cased', 'shipping-updates', form({ ...push, token: key.toUpperCase() })],
      ['token = webhook secret', 'shipping-updates', form({ ...push, token: secret })],
      [
        'token as a JSON number',
        'shipping-updates',
        { type: 'application/json', body: JSON.stringify({ ...push, token: 12345 }) },
      ],
      [
        'token as a JSON array',
        'shipping-updates',
        { type: 'application/json', body: JSON.stringify({ ...push, token: [key] }) },
      ],
      [
        'secret in the body',
        'ndr-updates',
        {
          type: 'application/json',
          body: JSON.stringify({ callback_type: 'ndr_status', secret, ndr_data: [{ awb: 'AWB1', type: 'REATTEMPT' }] }),
        },
      ],
      [
        '?secret= wrong',
        'ndr-updates?secret=not-the-secret-at-all',
        { type: 'application/json', body: '{"callback_type":"ndr_status","ndr_data":[{"awb":"A","type":"X"}]}' },
      ],
      [
        '?secret= the API key',
        'ndr-updates?secret=KEY',
        { type: 'application/json', body: '{"callback_type":"ndr_status","ndr_data":[{"awb":"A","type":"X"}]}' },
      ],
      [
        '?secret= twice (array)',
        `ndr-updates?secret=${encodeURIComponent(secret)}&secret=x`,
        { type: 'application/json', body: '{"callback_type":"ndr_status","ndr_data":[{"awb":"A","type":"X"}]}' },
      ],
      [
        '?secret= secret prefix',
        `ndr-updates?secret=${encodeURIComponent(secret.slice(0, -1))}`,
        { type: 'application/json', body: '{"callback_type":"ndr_status","ndr_data":[{"awb":"A","type":"X"}]}' },
      ],
      ['?token= the key in the URL', `shipping-updates?token=${encodeURIComponent(key)}`, form(push)],
    ];
    const before = await counts();
    const results: string[] = [];
    for (const [name, path, req] of forgeries) {
      const res = await fetch(`${stack.url}/api/webhooks/${path.replace('KEY', encodeURIComponent(key))}`, {
        method: 'POST',
        headers: { 'content-type': req.type },
        body: req.body,
      });
      const json = (await res.json()) as { error?: string };
      results.push(`${name}: ${res.status}`);
      expect(res.status, name).toBe(401);
      expect(json.error, name).toBeTruthy();
    }
    expect(await counts()).toEqual(before);
    console.log(
      `[no-one-let-in] ${forgeries.length} forged webhook credentials: ${JSON.stringify(tally(results.map((r) => r.split(': ')[1])))}; inbox unchanged`,
    );
  });

  it('forged WhatsApp signatures are refused with 401 and leave no trace', async () => {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        { changes: [{ field: 'messages', value: { statuses: [{ id: 'wamid.X', status: 'read', timestamp: '1' }] } }] },
      ],
    });
    const forged = (secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const cases: [string, Record<string, string>][] = [
      ['no signature', {}],
      ['empty', { 'x-hub-signature-256': '' }],
      ['sha256= only', { 'x-hub-signature-256': 'sha256=' }],
      ['wrong secret', { 'x-hub-signature-256': forged('not-the-app-secret') }],
      ['sha1 header', { 'x-hub-signature': forged('x') }],
      ['the webhook secret', { 'x-hub-signature-256': forged(stack.runtime.deps.secrets.webhookSecret) }],
      ['truncated', { 'x-hub-signature-256': forged('x').slice(0, 40) }],
    ];
    const before = await counts();
    for (const [name, headers] of cases) {
      const res = await fetch(`${stack.url}/api/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      expect(res.status, name).toBe(401);
      expect(((await res.json()) as { error?: string }).error, name).toBeTruthy();
    }
    expect(await counts()).toEqual(before);
  });

  it('tracking shows nothing personal without the token or the phone digits, and guessing is limited per order across addresses', async () => {
    const url = (input: unknown, ip: string) =>
      fetch(`${stack.url}/trpc/tracking.get?input=${encodeURIComponent(JSON.stringify(input))}`, {
        headers: { 'x-forwarded-for': ip },
      });
    const secrets = [order.contact_phone, order.ship_line1, String(order.contact_email)];
    // No proof: only "locked", no status, nothing personal.
    const locked = await url({ orderId: order.order_number }, '198.51.100.1');
    expect(await locked.json()).toEqual({ result: { data: { state: 'locked' } } });
    // A wrong token and an unknown order look the same.
    const wrongToken = (await (
      await url({ orderId: order.order_number, token: 'x'.repeat(24) }, '198.51.100.1')
    ).json()) as { error: { data: { appCode: string } } };
    const unknownOrder = (await (
      await url({ orderId: 'FB-00000000', token: 'x'.repeat(24) }, '198.51.100.1')
    ).json()) as { error: { data: { appCode: string } } };
    expect(wrongToken.error.data.appCode).toBe('TRACKING_NOT_FOUND');
    expect(JSON.stringify(unknownOrder)).toBe(JSON.stringify(wrongToken));
    // The right token shows the order, masked.
    const ok = await (
      await url(
        { orderId: order.order_number, token: trackingToken(stack.runtime.deps.secrets.appSecret, order.order_number) },
        '198.51.100.1',
      )
    ).text();
    expect(ok).toContain('"state":"ok"');
    for (const s of secrets) expect(ok).not.toContain(s);
    expect(ok).toContain(`******${order.contact_phone.slice(-4)}`);

    // Guessing the last four digits from many addresses: the per-order limit holds.
    const answers: string[] = [];
    for (let i = 0; i < 14; i++) {
      const guess = String((Number(order.contact_phone.slice(-4)) + 1 + i) % 10000).padStart(4, '0');
      const res = await url({ orderId: order.order_number, phoneLast4: guess }, `203.0.113.${10 + i}`);
      answers.push(((await res.json()) as { error?: { data: { appCode: string } } }).error?.data.appCode ?? 'OK');
    }
    // Once limited, even the right digits are refused (no oracle).
    const right = await url({ orderId: order.order_number, phoneLast4: order.contact_phone.slice(-4) }, '203.0.113.99');
    const rightCode = ((await right.json()) as { error?: { data: { appCode: string } } }).error?.data.appCode;
    expect(answers.slice(0, 10).every((c) => c === 'TRACKING_NOT_FOUND')).toBe(true);
    expect(answers.slice(10).every((c) => c === 'RATE_LIMITED')).toBe(true);
    expect(rightCode).toBe('RATE_LIMITED');
    expect(right.status).toBe(429);

    // One address guessing across many orders: the per-address limit holds.
    const others = await Promise.all(
      Array.from({ length: 32 }, () => insertOrder(stack.database.db, { status: 'processing' })),
    );
    const sweep: string[] = [];
    for (const other of others) {
      const res = await url({ orderId: other.order_number, phoneLast4: '0000' }, '192.0.2.77');
      sweep.push(((await res.json()) as { error?: { data: { appCode: string } } }).error?.data.appCode ?? 'OK');
    }
    expect(sweep.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThan(0);
    console.log(
      `[no-one-let-in] tracking: locked without proof; wrong token == unknown order; 14 digit guesses on one order from 14 addresses -> ${JSON.stringify(tally(answers))}, then the right digits -> ${String(rightCode)}; one address over 32 orders -> ${JSON.stringify(tally(sweep))}`,
    );
  });

  it('session cookies are httpOnly, SameSite=Strict and (behind https) Secure; helmet headers on every kind of response', async () => {
    const res = await fetch(`${stack.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(stack.adminCredentials),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//i);
    const https = await startTestStack({ env: { PUBLIC_URL: 'https://shop.example.in' } });
    try {
      const secure = await fetch(`${https.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(https.adminCredentials),
      });
      expect(secure.status).toBe(200);
      expect(secure.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
      expect((await fetch(`${https.url}/healthz`)).headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    } finally {
      await https.close();
    }
    const pages = [
      '/healthz',
      '/trpc/auth.me',
      '/trpc/orders.list',
      '/api/webhooks/nowhere',
      '/api/nothing',
      '/no-such-page',
    ];
    for (const page of pages) {
      const r = await fetch(`${stack.url}${page}`);
      const h = r.headers;
      expect(h.get('x-content-type-options'), page).toBe('nosniff');
      expect(h.get('content-security-policy'), page).toContain("default-src 'self'");
      expect(h.get('content-security-policy'), page).toContain("frame-ancestors 'self'");
      expect(h.get('x-frame-options'), page).toBe('SAMEORIGIN');
      expect(h.get('referrer-policy'), page).toBe('no-referrer');
      expect(h.get('cross-origin-opener-policy'), page).toBe('same-origin');
      expect(h.get('x-powered-by'), page).toBeNull();
    }
    console.log(
      `[no-one-let-in] cookie: ${cookie.replace(/icarry_admin=[^;]+/, 'icarry_admin=…')}; helmet headers on ${pages.length} kinds of response; Secure + HSTS behind https`,
    );
  });

  it('cross-site POSTs with a valid admin cookie are refused for every mutation and change nothing', async () => {
    const mutations = listProcedures().filter((p) => p.type === 'mutation');
    const before = await counts();
    const attempts: [string, Record<string, string>, (input: unknown) => string][] = [
      [
        'foreign Origin, JSON',
        { origin: 'https://evil.example', 'content-type': 'application/json' },
        (i) => JSON.stringify(i),
      ],
      ['Origin: null, JSON', { origin: 'null', 'content-type': 'application/json' }, (i) => JSON.stringify(i)],
      [
        'look-alike Origin',
        { origin: `${stack.url}.evil.example`, 'content-type': 'application/json' },
        (i) => JSON.stringify(i),
      ],
      ['no Origin, text/plain (a simple request)', { 'content-type': 'text/plain' }, (i) => JSON.stringify(i)],
      ['no Origin, form post', { 'content-type': 'application/x-www-form-urlencoded' }, () => 'orderId=1&body=x'],
      [
        'no Origin, multipart',
        { 'content-type': 'multipart/form-data; boundary=b' },
        () => '--b\r\nContent-Disposition: form-data; name="orderId"\r\n\r\n1\r\n--b--',
      ],
    ];
    const wrong: string[] = [];
    let calls = 0;
    for (const proc of mutations) {
      for (const [name, headers, body] of attempts) {
        const res = await fetch(`${stack.url}/trpc/${proc.path}`, {
          method: 'POST',
          headers: { ...headers, cookie: String(admin.cookie) },
          body: body(inputFor(proc.path)),
        });
        calls++;
        const json = (await res.json()) as { error?: { data?: { appCode?: string } } };
        if (res.status !== 403 || json.error?.data?.appCode !== 'CROSS_SITE_REQUEST')
          wrong.push(`${proc.path} ${name}: ${res.status}`);
      }
      // A mutation cannot be triggered by a GET (an <img> tag) either.
      const viaGet = await fetch(
        `${stack.url}/trpc/${proc.path}?input=${encodeURIComponent(JSON.stringify(inputFor(proc.path)))}`,
        { headers: { cookie: String(admin.cookie) } },
      );
      calls++;
      if (viaGet.status < 400 || viaGet.status >= 500) wrong.push(`${proc.path} via GET: ${viaGet.status}`);
    }
    expect(wrong).toEqual([]);
    expect(await counts()).toEqual(before);
    // The admin's session is still there (no cross-site logout).
    expect((await admin.query<{ admin: { email: string } | null }>('auth.me')).data?.admin?.email).toBe(
      stack.adminCredentials.email,
    );
    console.log(
      `[no-one-let-in] cross-site: ${calls} attempts on ${mutations.length} mutations (${attempts.length} forms + GET) with a valid admin cookie: all refused, nothing changed`,
    );
  });
});
