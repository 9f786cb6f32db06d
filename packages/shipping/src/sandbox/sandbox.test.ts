import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ICarryClient } from '../icarry/icarry.client';
import { bookingInput } from '../testing/fixtures';
import { CONTROL_TOKEN_HEADER } from './sandbox.control';
import { startSandbox } from './sandbox.server';
import type { Sandbox } from './sandbox.server';
import type { SandboxOptions } from './sandbox.types';

interface Received {
  path: string;
  method: string;
  contentType: string | undefined;
  body: string;
}

/** A tiny webhook receiver: records exactly what arrives and answers 200. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        method: req.method ?? '',
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function clientFor(sandbox: Sandbox): ICarryClient {
  return new ICarryClient({
    username: sandbox.credentials.username,
    apiKey: sandbox.credentials.apiKey,
    baseUrl: sandbox.url,
    retry: { maxAttempts: 1 },
  });
}

async function post(
  url: string,
  body: string | object,
  contentType = 'application/x-www-form-urlencoded',
): Promise<{ status: number; text: string; json: () => Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': typeof body === 'string' ? contentType : 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

async function login(sandbox: Sandbox): Promise<string> {
  const answer = await post(
    `${sandbox.url}/api_login`,
    `username=${sandbox.credentials.username}&key=${sandbox.credentials.apiKey}`,
  );
  return String(answer.json().api_token);
}

const BOOKING_FORM = new URLSearchParams({
  pickup_address_id: '1001',
  client_order_id: 'ORD-7',
  'consignee[name]': 'Asha Rao',
  'consignee[mobile]': '9876543210',
  'consignee[address]': '12 MG Road',
  'consignee[city]': 'Mumbai',
  'consignee[state]': 'MA',
  'consignee[pincode]': '400001',
  'consignee[country_code]': 'IN',
  'parcel[type]': 'Prepaid',
  'parcel[value]': '499.00',
  'parcel[contents]': 'Ghee',
  'parcel[items][0][name]': 'Ghee',
  'parcel[items][0][price]': '499.00',
  'parcel[dimensions][length]': '10',
  'parcel[dimensions][breadth]': '10',
  'parcel[dimensions][height]': '10',
  'parcel[dimensions][unit]': 'cm',
  'parcel[weight][weight]': '500',
  'parcel[weight][unit]': 'gm',
});

function bookingForm(patch: Record<string, string | null>): string {
  const form = new URLSearchParams(BOOKING_FORM);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) form.delete(key);
    else form.set(key, value);
  }
  return form.toString();
}

describe('sandbox webhooks', () => {
  let sandbox: Sandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    sandbox = await startSandbox({
      webhooks: {
        statusUrl: `${receiver.url}/api/webhooks/shipping-updates?secret=s3cret`,
        ndrUrl: `${receiver.url}/api/webhooks/ndr-updates?secret=s3cret`,
        weightUrl: `${receiver.url}/api/webhooks/weight-updates?secret=s3cret`,
      },
    });
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });
  beforeEach(() => {
    sandbox.control.reset();
    receiver.received.length = 0;
  });

  it('posts status pushes form-encoded with the API key as token', async () => {
    const booked = await clientFor(sandbox).book(bookingInput({ clientOrderId: 'ORD-42' }));
    const result = await sandbox.control.advance(booked.shipmentId);
    expect(result.deliveries).toHaveLength(1);
    expect(result.deliveries[0]).toMatchObject({ kind: 'status', ok: true, httpStatus: 200 });
    expect(receiver.received).toHaveLength(1);
    const [push] = receiver.received;
    expect(push?.method).toBe('POST');
    expect(push?.path).toBe('/api/webhooks/shipping-updates?secret=s3cret');
    expect(push?.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(push?.body))).toEqual({
      client_name: 'icarry',
      callback_type: 'sync_status',
      awb: booked.awb,
      status: '25',
      shipment_id: booked.shipmentId,
      client_order_id: 'ORD-42',
      token: sandbox.credentials.apiKey,
    });
  });

  it('posts NDR pushes as JSON without a token', async () => {
    const booked = await clientFor(sandbox).book(bookingInput());
    await sandbox.control.raiseNdr(booked.shipmentId, 'REATTEMPT-CONTACT');
    const [push] = receiver.received;
    expect(push?.path).toBe('/api/webhooks/ndr-updates?secret=s3cret');
    expect(push?.contentType).toBe('application/json');
    const payload = JSON.parse(push?.body ?? '{}') as Record<string, unknown>;
    expect(payload).toEqual({
      client_name: 'icarry',
      callback_type: 'ndr_status',
      ndr_data: [
        {
          shipment_id: Number(booked.shipmentId),
          awb: booked.awb,
          type: 'REATTEMPT-CONTACT',
          date_added: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/) as string,
        },
      ],
    });
    expect(push?.body).not.toContain('token');
    const tracking = await clientFor(sandbox).track(booked.shipmentId);
    expect(tracking.events.at(-1)?.notes).toContain('REATTEMPT-CONTACT');
  });

  it('posts weight-discrepancy pushes form-encoded with the token', async () => {
    const booked = await clientFor(sandbox).book(bookingInput());
    await sandbox.control.weightDiscrepancy(booked.shipmentId, 1200, {
      newDimensions: { lengthCm: 20, breadthCm: 15, heightCm: 10 },
    });
    const [push] = receiver.received;
    expect(push?.path).toBe('/api/webhooks/weight-updates?secret=s3cret');
    expect(push?.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(push?.body))).toEqual({
      callback_type: 'new_weight_discrepancy',
      shipment_id: booked.shipmentId,
      awb: booked.awb,
      status: '1',
      old_weight: '500',
      new_weight: '1200',
      old_dimensions: '10x10x10',
      new_dimensions: '20x15x10',
      token: sandbox.credentials.apiKey,
    });
  });

  it('walks the happy path to Delivered and then stays', async () => {
    const booked = await clientFor(sandbox).book(bookingInput());
    const seen: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const result = await sandbox.control.advance(booked.shipmentId);
      if (result.changed) seen.push(String(result.shipment.status));
    }
    expect(seen).toEqual(['25', '24', '3', '22', '26', '21']);
    expect(receiver.received.map((push) => new URLSearchParams(push.body).get('status'))).toEqual(seen);
    const [synced] = await clientFor(sandbox).syncStatuses([booked.shipmentId]);
    expect(synced?.deliveredAt).toBeInstanceOf(Date);
  });

  it('sends a cancel through the API as a status 7 push in the background', async () => {
    const client = clientFor(sandbox);
    const booked = await client.book(bookingInput());
    await client.cancel(booked.shipmentId);
    await sandbox.control.flushWebhooks();
    expect(new URLSearchParams(receiver.received[0]?.body).get('status')).toBe('7');
    await expect(client.cancel(booked.shipmentId)).rejects.toThrow();
  });

  it('duplicates and reorders pushes on demand', async () => {
    const booked = await clientFor(sandbox).book(bookingInput());
    sandbox.control.addFault({ kind: 'duplicate_webhooks' });
    const duplicated = await sandbox.control.advance(booked.shipmentId);
    expect(duplicated.deliveries.map((d) => d.duplicate)).toEqual([false, true]);

    sandbox.control.addFault({ kind: 'out_of_order_webhooks' });
    const held = await sandbox.control.advance(booked.shipmentId);
    expect(held.deliveries).toEqual([]);
    const next = await sandbox.control.advance(booked.shipmentId);
    expect(next.deliveries.map((d) => [d.payload.status, d.delayed])).toEqual([
      ['3', false],
      ['24', true],
    ]);
    expect(receiver.received.map((push) => new URLSearchParams(push.body).get('status'))).toEqual([
      '25',
      '25',
      '3',
      '24',
    ]);
  });

  it('can send without waiting, and flush later', async () => {
    const booked = await clientFor(sandbox).book(bookingInput());
    const result = await sandbox.control.setStatus(booked.shipmentId, 99, { awaitWebhooks: false });
    expect(result.deliveries).toEqual([]);
    await sandbox.control.flushWebhooks();
    expect(new URLSearchParams(receiver.received[0]?.body).get('status')).toBe('99');
  });

  it('records a failed delivery instead of throwing', async () => {
    const booked = await clientFor(sandbox).book(bookingInput());
    sandbox.control.setWebhooks({ statusUrl: 'http://127.0.0.1:9/unreachable' });
    try {
      const result = await sandbox.control.advance(booked.shipmentId);
      expect(result.deliveries[0]).toMatchObject({ ok: false, httpStatus: null });
      expect(result.deliveries[0]?.error).toEqual(expect.any(String));
    } finally {
      sandbox.control.setWebhooks({ statusUrl: `${receiver.url}/api/webhooks/shipping-updates?secret=s3cret` });
    }
  });
});

describe('sandbox API quirks', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.control.reset();
  });

  it('accepts the /api_x&api_token=T path form, JSON bodies and a capital Key', async () => {
    const answer = await post(`${sandbox.url}/api_login`, {
      username: sandbox.credentials.username,
      Key: sandbox.credentials.apiKey,
    });
    const token = String(answer.json().api_token);
    expect(token).toMatch(/^[a-z0-9]{26}$/);
    const estimate = await post(`${sandbox.url}/api_get_estimate&api_token=${token}`, {
      length: 10,
      breadth: 10,
      height: 10,
      weight: 500,
      origin_pincode: '110001',
      destination_pincode: 560001,
      origin_country_code: 'IN',
      destination_country_code: 'IN',
      shipment_mode: 'E',
      shipment_type: 'P',
      shipment_value: 499,
    });
    const body = estimate.json();
    expect(body.success).toBe(1);
    expect(
      (body.estimate as { courier_cost: unknown }[]).every((entry) => typeof entry.courier_cost === 'string'),
    ).toBe(true);
    expect(sandbox.control.requests.at(-1)).toMatchObject({ endpoint: '/api_get_estimate', tokenIn: 'ampersand-path' });
  });

  it('answers wrong credentials with an OpenCart error object, HTTP 200', async () => {
    const answer = await post(`${sandbox.url}/api_login`, 'username=ela00000&key=nope');
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ error: { key: 'Warning: Incorrect API Key!' } });
  });

  it('refuses calls without a valid token, HTTP 200 with an error', async () => {
    const answer = await post(`${sandbox.url}/api_track_shipment?api_token=bogus`, 'shipment_id=1');
    expect(answer.status).toBe(200);
    expect(String(answer.json().error)).toMatch(/api_token/);
  });

  it.each([
    ['a state that is not an iCarry code', { 'consignee[state]': 'MH' }, /state/i],
    ['a bad mobile', { 'consignee[mobile]': '+919876543210' }, /mobile/i],
    ['no weight', { 'parcel[weight][weight]': '0' }, /weight/i],
    ['no pickup address', { pickup_address_id: null }, /pickup_address_id/],
    ['no consignee name', { 'consignee[name]': null }, /name/],
    ['an unknown courier', { courier_id: '777' }, /courier/i],
    ['an air courier on the surface endpoint', { courier_id: '211' }, /mode/i],
    ['a courier for another weight slab', { courier_id: '113' }, /not serviceable/i],
  ])('refuses a booking with %s like iCarry', async (_label, patch, message) => {
    const token = await login(sandbox);
    const answer = await post(`${sandbox.url}/api_add_shipment_surface?api_token=${token}`, bookingForm(patch));
    expect(answer.status).toBe(200);
    expect(String(answer.json().error)).toMatch(message);
    expect(sandbox.control.listShipments()).toHaveLength(0);
    expect(sandbox.control.bookingCount()).toBe(1);
  });

  it('accepts kg weights and C/P parcel types, and masks secrets in the request log', async () => {
    const token = await login(sandbox);
    const answer = await post(
      `${sandbox.url}/api_add_shipment_surface?api_token=${token}`,
      bookingForm({ 'parcel[weight][weight]': '0.75', 'parcel[weight][unit]': 'kg', 'parcel[type]': 'P' }),
    );
    expect(answer.json().awb).toEqual(expect.any(String));
    expect(sandbox.control.listShipments()[0]?.parcel).toMatchObject({ weightGrams: 750, type: 'Prepaid' });
    expect(JSON.stringify(sandbox.control.requests)).not.toContain(sandbox.credentials.apiKey);
  });

  it('refuses an AWB where a shipment id is expected', async () => {
    const token = await login(sandbox);
    const booked = (
      await post(`${sandbox.url}/api_add_shipment_surface?api_token=${token}`, BOOKING_FORM.toString())
    ).json();
    const answer = await post(
      `${sandbox.url}/api_track_shipment?api_token=${token}`,
      `shipment_id=${String(booked.awb)}`,
    );
    expect(answer.json().error).toBe('Error : Shipment id is required.');
  });

  it('serves the label PDF, the print page and the tracking page', async () => {
    const booked = await clientFor(sandbox).book(bookingInput());
    const label = await clientFor(sandbox).label(booked.shipmentId);
    const page = await fetch(label.kind === 'pdf_urls' ? (label.urls[0] ?? '') : '');
    expect(page.headers.get('content-type')).toBe('application/pdf');
    expect(await page.text()).toContain(booked.awb ?? 'missing');
    const print = await fetch(`${sandbox.url}/print-shipment&shipment_id=${booked.shipmentId}&awb=${booked.awb}`);
    expect(await print.text()).toContain(booked.awb ?? 'missing');
    const tracking = await fetch(booked.trackingUrl ?? '');
    expect(tracking.status).toBe(200);
  });

  it('answers non-browser clients with the firewall page when asked to', async () => {
    const strict = await startSandbox({ requireBrowserUserAgent: true });
    try {
      const answer = await fetch(`${strict.url}/api_login`, {
        method: 'POST',
        headers: { 'user-agent': 'node', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=a&key=b',
      });
      expect(answer.status).toBe(403);
      expect(await answer.text()).toMatch(/^<!DOCTYPE html>/);
      await expect(clientFor(strict).login()).resolves.toBeDefined();
    } finally {
      await strict.close();
    }
  });
});

describe('sandbox control over HTTP', () => {
  let sandbox: Sandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  /** A control call with the run's token; `body` goes as JSON. */
  function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { [CONTROL_TOKEN_HEADER]: sandbox.controlToken, ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${sandbox.url}/__sandbox${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  }
  const json = async (response: Promise<Response>): Promise<Record<string, unknown>> =>
    (await (await response).json()) as Record<string, unknown>;

  it('lists, advances, sets status, raises NDRs and weight disputes, configures faults and webhooks, resets', async () => {
    const info = await json(call(''));
    expect(info).toMatchObject({
      username: sandbox.credentials.username,
      pickupAddressId: '1001',
      labelShape: 'pdf_urls',
    });
    expect(JSON.stringify(info)).not.toContain(sandbox.credentials.apiKey);

    const hooks = await json(
      call('/webhooks', { method: 'PUT', body: { statusUrl: `${receiver.url}/s`, ndrUrl: `${receiver.url}/n` } }),
    );
    expect(hooks).toEqual({ statusUrl: `${receiver.url}/s`, ndrUrl: `${receiver.url}/n`, weightUrl: null });

    const booked = await clientFor(sandbox).book(bookingInput());
    const list = (await (await call('/shipments')).json()) as { shipmentId: string }[];
    expect(list.map((s) => s.shipmentId)).toEqual([booked.shipmentId]);

    const advanced = (await json(call(`/shipments/${booked.shipmentId}/advance`, { method: 'POST' }))) as {
      shipment: { status: number };
      deliveries: unknown[];
    };
    expect(advanced.shipment.status).toBe(25);
    expect(advanced.deliveries).toHaveLength(1);

    const status = await json(call(`/shipments/${booked.shipmentId}/status`, { body: { code: 26 } }));
    expect((status.shipment as { status: number }).status).toBe(26);
    const ndr = await json(call(`/shipments/${booked.shipmentId}/ndr`, { body: { type: 'REATTEMPT-OTP' } }));
    expect((ndr.deliveries as unknown[]).length).toBe(1);
    const weight = await json(call(`/shipments/${booked.shipmentId}/weight`, { body: { newGrams: 900 } }));
    // No weight URL: the status URL receives weight pushes too.
    expect((weight.deliveries as { url: string }[])[0]?.url).toBe(`${receiver.url}/s`);
    expect(receiver.received.map((r) => r.path)).toEqual(['/s', '/s', '/n', '/s']);

    const faults = await call('/faults', {
      body: { kind: 'http_error', status: 503, endpoint: 'api_track_shipment', count: 2 },
    });
    expect(await faults.json()).toEqual([
      expect.objectContaining({ kind: 'http_error', endpoint: '/api_track_shipment', remaining: 2 }),
    ]);
    expect((await call('/faults', { body: { kind: 'meteor_strike' } })).status).toBe(400);
    expect(((await (await call('/faults')).json()) as unknown[]).length).toBe(1);
    await call('/faults', { method: 'DELETE' });
    expect(sandbox.control.listFaults()).toEqual([]);

    expect(await json(call('/label-shape', { method: 'PUT', body: { shape: 'data' } }))).toEqual({ shape: 'data' });
    expect((await call('/label-shape', { method: 'PUT', body: { shape: 'png' } })).status).toBe(400);
    expect(sandbox.control.getLabelShape()).toBe('data');

    const requests = (await (await call('/requests')).json()) as { endpoint: string }[];
    expect(requests.map((r) => r.endpoint)).toEqual(['/api_login', '/api_add_shipment_surface']);

    expect((await call('/shipments/1/advance', { method: 'POST' })).status).toBe(404);
    expect((await call(`/shipments/${booked.shipmentId}/ndr`, { body: {} })).status).toBe(400);
    expect((await call('/shipments', { method: 'DELETE' })).status).toBe(405);
    expect((await call('/nothing-here')).status).toBe(404);

    await call('/reset', { body: {} });
    expect(sandbox.control.listShipments()).toEqual([]);
    sandbox.control.setLabelShape('pdf_urls');
  });

  it('refuses calls without the run token, and form or text bodies even with it: nothing changes', async () => {
    sandbox.control.reset();
    const before = sandbox.control.getWebhooks();
    const attacker = `${receiver.url}/attacker`;
    const form = new URLSearchParams({ statusUrl: attacker }).toString();
    const attempts: [string, RequestInit][] = [
      [
        'no token, form',
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form },
      ],
      [
        'no token, JSON',
        {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ statusUrl: attacker }),
        },
      ],
      [
        'wrong token',
        { method: 'PUT', headers: { [CONTROL_TOKEN_HEADER]: 'guess', 'content-type': 'application/json' }, body: '{}' },
      ],
      [
        'token, form',
        {
          method: 'POST',
          headers: {
            [CONTROL_TOKEN_HEADER]: sandbox.controlToken,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: form,
        },
      ],
      [
        'token, text/plain',
        {
          method: 'POST',
          headers: { [CONTROL_TOKEN_HEADER]: sandbox.controlToken, 'content-type': 'text/plain' },
          body: JSON.stringify({ statusUrl: attacker }),
        },
      ],
      [
        'token, multipart',
        {
          method: 'POST',
          headers: { [CONTROL_TOKEN_HEADER]: sandbox.controlToken, 'content-type': 'multipart/form-data; boundary=x' },
          body: '--x--',
        },
      ],
    ];
    const statuses: number[] = [];
    for (const [, init] of attempts) statuses.push((await fetch(`${sandbox.url}/__sandbox/webhooks`, init)).status);
    expect(statuses).toEqual([401, 401, 401, 415, 415, 415]);
    expect((await fetch(`${sandbox.url}/__sandbox`)).status).toBe(401);
    expect((await fetch(`${sandbox.url}/__sandbox/requests`)).status).toBe(401);
    expect((await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' })).status).toBe(401);
    expect(sandbox.control.getWebhooks()).toEqual(before);
    // No CORS headers: a browser never lets a page read an answer either.
    const preflight = await fetch(`${sandbox.url}/__sandbox/webhooks`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('has a token per run, and takes a given one', async () => {
    const other = await startSandbox({ controlToken: 'fixed-token-for-scripts' });
    try {
      expect(other.controlToken).toBe('fixed-token-for-scripts');
      expect(sandbox.controlToken).not.toBe(other.controlToken);
      expect(sandbox.controlToken.length).toBeGreaterThanOrEqual(32);
      const ok = await fetch(`${other.url}/__sandbox`, {
        headers: { [CONTROL_TOKEN_HEADER]: 'fixed-token-for-scripts' },
      });
      expect(ok.status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('sandbox lifecycle', () => {
  const dirs: string[] = [];
  const sandboxes: Sandbox[] = [];
  async function start(options: SandboxOptions): Promise<Sandbox> {
    const sandbox = await startSandbox(options);
    sandboxes.push(sandbox);
    return sandbox;
  }
  afterEach(async () => {
    await Promise.all(sandboxes.splice(0).map((s) => s.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps shipments across restarts with a state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icarry-sandbox-'));
    dirs.push(dir);
    const stateFile = join(dir, 'nested', 'sandbox.json');
    const first = await start({ stateFile });
    const booked = await clientFor(first).book(bookingInput());
    await first.control.advance(booked.shipmentId);
    await first.close();

    const second = await start({ stateFile });
    expect(second.control.getShipment(booked.shipmentId)?.status).toBe(25);
    const again = await clientFor(second).book(bookingInput());
    expect(Number(again.shipmentId)).toBe(Number(booked.shipmentId) + 1);
    const [synced] = await clientFor(second).syncStatuses([booked.shipmentId]);
    expect(synced?.statusCode).toBe('25');
  });

  it('expires idle tokens after tokenTtlMs, sliding on use', async () => {
    let now = 1_700_000_000_000;
    const sandbox = await start({ tokenTtlMs: 60_000, now: () => now });
    const token = await login(sandbox);
    const call = async (): Promise<Record<string, unknown>> =>
      (await post(`${sandbox.url}/api_check_pincode?api_token=${token}`, 'pincode=400001')).json();
    now += 50_000;
    expect((await call()).success).toBe(1);
    now += 50_000;
    expect((await call()).success).toBe(1);
    now += 61_000;
    expect(String((await call()).error)).toMatch(/api_token/);
  });

  it('advances open shipments on a timer when autoAdvanceMs is set', async () => {
    const sandbox = await start({ autoAdvanceMs: 20 });
    const booked = await clientFor(sandbox).book(bookingInput());
    const deadline = Date.now() + 3_000;
    while (sandbox.control.getShipment(booked.shipmentId)?.status !== 21 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(sandbox.control.getShipment(booked.shipmentId)?.status).toBe(21);
    expect(sandbox.control.getShipment(booked.shipmentId)?.history.map((h) => h.code)).toEqual([
      1, 25, 24, 3, 22, 26, 21,
    ]);
  });

  it('adds latency to every call for benchmarks', async () => {
    const sandbox = await start({ latencyMs: 60 });
    const started = performance.now();
    await clientFor(sandbox).login();
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });
});
