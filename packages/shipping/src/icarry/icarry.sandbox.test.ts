import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../sandbox/sandbox.server';
import type { Sandbox } from '../sandbox/sandbox.server';
import { bookingInput, estimateInput } from '../testing/fixtures';
import { createCapturingLogger } from '../testing/fake-fetch';
import { ICarryClient } from './icarry.client';
import {
  ICarryAPIError,
  ICarryAuthError,
  ICarryBlockedError,
  ICarryTimeoutError,
  isBookingOutcomeUnknown,
} from './icarry.errors';
import type { ICarryClientOptions } from './icarry.types';

/** The client over real HTTP against the sandbox. */
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

function makeClient(overrides: Partial<ICarryClientOptions> = {}): ICarryClient {
  return new ICarryClient({
    username: sandbox.credentials.username,
    apiKey: sandbox.credentials.apiKey,
    baseUrl: sandbox.url,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 5_000,
    ...overrides,
  });
}

function requestsTo(endpoint: string): number {
  return sandbox.control.requests.filter((request) => request.endpoint === endpoint).length;
}

describe('client against the sandbox: the whole flow', () => {
  it('estimates, books the quoted courier, tracks, syncs and labels', async () => {
    const client = makeClient();
    const estimates = await client.estimate(estimateInput());
    expect(estimates.length).toBeGreaterThan(2);
    const totals = estimates.map((estimate) => estimate.totalPaise);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    expect(
      estimates.every(
        (estimate) =>
          Number.isInteger(estimate.totalPaise) && estimate.totalPaise === estimate.freightPaise + estimate.codPaise,
      ),
    ).toBe(true);

    const [cheapest] = estimates;
    const booked = await client.book(bookingInput({ courierId: cheapest?.courierId }));
    expect(booked).toMatchObject({
      courierId: cheapest?.courierId,
      courierName: cheapest?.courierName,
      costEstimatePaise: cheapest?.totalPaise,
      clientOrderId: 'ORD-1001',
    });
    expect(booked.shipmentId).toMatch(/^\d+$/);
    expect(booked.awb).toMatch(/^[A-Z0-9]{9,16}$/);
    expect(booked.trackingUrl).toContain('/track-shipment?awb=');

    const stored = sandbox.control.getShipment(booked.shipmentId);
    expect(stored?.consignee).toMatchObject({ mobile: '9876543210', state: 'MA', pincode: '400001' });
    expect(stored?.parcel).toMatchObject({ type: 'COD', valuePaise: 49900, weightGrams: 500 });

    for (let i = 0; i < 3; i += 1) await sandbox.control.advance(booked.shipmentId);
    const tracking = await client.track(booked.shipmentId);
    expect(tracking).toMatchObject({ statusText: 'Shipped', awb: booked.awb, courierName: cheapest?.courierName });
    expect(tracking.pickedAt).toBeInstanceOf(Date);
    expect(tracking.events.map((event) => event.notes)).toEqual([
      'Shipment booked, pickup pending',
      'Pickup scheduled with courier',
      'Shipment manifested',
      'Shipment picked up',
    ]);
    expect(tracking.events.every((event) => event.location !== null && !event.location.includes('_'))).toBe(true);

    const [synced, unknown] = await client.syncStatuses([booked.shipmentId, '123']);
    expect(synced).toMatchObject({
      shipmentId: booked.shipmentId,
      statusCode: '3',
      isUnknown: false,
      mapping: { status: 'picked_up' },
    });
    expect(synced?.pickedAt).toBeInstanceOf(Date);
    expect(unknown).toMatchObject({ shipmentId: '123', statusCode: '0', isUnknown: true });

    expect(await client.label(booked.shipmentId)).toEqual({
      kind: 'pdf_urls',
      urls: [`${sandbox.url}/shipment-label.pdf?shipment_id=${booked.shipmentId}&awb=${booked.awb}`],
    });
    const refusal = await client.cancel(booked.shipmentId).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ICarryAPIError);
    expect(requestsTo('/api_login')).toBe(1);
  });

  it('sends the token as ?api_token= with a browser User-Agent and form bodies', async () => {
    await makeClient().checkPincode('400001');
    const request = sandbox.control.requests.find((r) => r.endpoint === '/api_check_pincode');
    expect(request).toMatchObject({
      tokenIn: 'query',
      contentType: 'application/x-www-form-urlencoded',
      accept: 'application/json, text/plain, */*',
    });
    expect(request?.userAgent).toMatch(/^Mozilla\/5\.0/);
    const login = sandbox.control.requests.find((r) => r.endpoint === '/api_login');
    expect(login).toMatchObject({ tokenIn: 'none', body: { username: sandbox.credentials.username, key: '***' } });
  });

  it('books air shipments and cancels before pickup', async () => {
    const client = makeClient();
    const booked = await client.book(
      bookingInput({ mode: 'express', parcel: { ...bookingInput().parcel, type: 'prepaid' } }),
    );
    expect(sandbox.control.getShipment(booked.shipmentId)).toMatchObject({
      mode: 'express',
      parcel: { type: 'Prepaid' },
    });
    expect(await client.cancel(booked.shipmentId)).toMatchObject({ cancelled: true });
    const [synced] = await client.syncStatuses([booked.shipmentId]);
    expect(synced?.mapping).toMatchObject({ kind: 'known', status: 'cancelled' });
  });

  it('returns a shipment without AWB for a wrong pickup address or save_only', async () => {
    const client = makeClient();
    const wrongPickup = await client.book(bookingInput({ pickupAddressId: '999' }));
    expect(wrongPickup).toMatchObject({ awb: null, courierId: null });
    expect(wrongPickup.message).toMatch(/pickup address/i);
    const saved = await client.book(bookingInput({ saveOnly: true }));
    expect(saved).toMatchObject({ awb: null });
    expect(sandbox.control.getShipment(saved.shipmentId)?.status).toBe(2);
  });

  it('applies the pincode rules', async () => {
    const client = makeClient();
    const unserviceable = await client
      .estimate(estimateInput({ destinationPincode: '900001' }))
      .catch((e: unknown) => e);
    expect(unserviceable).toBeInstanceOf(ICarryAPIError);
    expect((unserviceable as ICarryAPIError).kind).toBe('not_serviceable');
    const noCod = await client.estimate(estimateInput({ destinationPincode: '400099' })).catch((e: unknown) => e);
    expect((noCod as ICarryAPIError).kind).toBe('not_serviceable');
    expect(
      (await client.estimate(estimateInput({ destinationPincode: '400099', paymentType: 'prepaid' }))).length,
    ).toBeGreaterThan(0);
    expect(await client.checkPincode('400099')).toEqual({ serviceable: true, prepaid: true, cod: false, pickup: true });
    expect(await client.checkPincode('900001')).toEqual({
      serviceable: false,
      prepaid: false,
      cod: false,
      pickup: false,
    });
    const booking = await client
      .book(bookingInput({ consignee: { ...bookingInput().consignee, pincode: '900001' } }))
      .catch((e: unknown) => e);
    expect((booking as ICarryAPIError).kind).toBe('not_serviceable');
  });

  it('refuses wrong credentials with ICarryAuthError', async () => {
    const error = await makeClient({ apiKey: 'wrong-key' })
      .login()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryAuthError);
    expect((error as ICarryAuthError).reason).toBe('login_failed');
  });

  it('syncs 120 shipments in three requests', async () => {
    const client = makeClient();
    const ids = Array.from({ length: 120 }, (_, i) => String(500_000 + i));
    const entries = await client.syncStatuses(ids);
    expect(entries).toHaveLength(120);
    expect(entries.every((entry) => entry.isUnknown)).toBe(true);
    expect(requestsTo('/api_shipment_status_sync')).toBe(3);
  });
});

describe('client against the sandbox: failures', () => {
  it('does not repeat a booking that iCarry accepted but never answered', async () => {
    sandbox.control.addFault({ kind: 'book_accept_then_hang', endpoint: 'book' });
    const error = await makeClient({ timeoutMs: 300 })
      .book(bookingInput())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryTimeoutError);
    expect((error as ICarryTimeoutError).outcomeUnknown).toBe(true);
    expect(isBookingOutcomeUnknown(error)).toBe(true);
    expect(sandbox.control.bookingCount()).toBe(1);
    // The booking exists at "iCarry" although the client never heard back.
    expect(sandbox.control.listShipments()).toHaveLength(1);
  });

  it('does not repeat a booking after a dropped connection or a 5xx', async () => {
    sandbox.control.setFaults([{ kind: 'connection_reset', endpoint: 'api_add_shipment_surface' }]);
    const dropped = await makeClient()
      .book(bookingInput())
      .catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(ICarryTimeoutError);
    expect((dropped as ICarryTimeoutError).reason).toBe('connection_lost');
    expect(sandbox.control.bookingCount()).toBe(1);

    sandbox.control.setFaults([{ kind: 'http_error', status: 502, endpoint: 'book' }]);
    const serverError = await makeClient()
      .book(bookingInput())
      .catch((e: unknown) => e);
    expect(serverError).toBeInstanceOf(ICarryAPIError);
    expect(isBookingOutcomeUnknown(serverError)).toBe(true);
    expect(sandbox.control.bookingCount()).toBe(2);
  });

  it('logs in again exactly once when the token has expired', async () => {
    const client = makeClient();
    await client.login();
    sandbox.control.expireTokens();
    await client.track((await client.book(bookingInput())).shipmentId);
    expect(requestsTo('/api_login')).toBe(2);
    expect(requestsTo('/api_add_shipment_surface')).toBe(2);
    expect(sandbox.control.listShipments()).toHaveLength(1);

    sandbox.control.addFault({ kind: 'token_expired', endpoint: 'api_track_shipment' });
    await client.track(sandbox.control.listShipments()[0]?.shipmentId ?? '');
    expect(requestsTo('/api_login')).toBe(3);
  });

  it('keeps the key, the token and the phone out of the logs across login, book and track', async () => {
    const capture = createCapturingLogger();
    const tokens = new Set<string>();
    const client = makeClient({
      logger: capture.logger,
      fetch: (input, init) => {
        const token = new URL(input).searchParams.get('api_token');
        if (token !== null) tokens.add(token);
        return fetch(input, init);
      },
    });
    await client.login();
    sandbox.control.expireTokens();
    sandbox.control.addFault({
      kind: 'api_error',
      endpoint: 'api_get_estimate',
      message: 'Error : consignee 9876543210 is blacklisted',
    });
    const booked = await client.book(bookingInput());
    await client.track(booked.shipmentId);
    await client.estimate(estimateInput()).catch(() => undefined);
    const text = capture.text();
    expect(tokens.size).toBe(2);
    for (const token of tokens) expect(text).not.toContain(token);
    expect(text).not.toContain(sandbox.credentials.apiKey);
    expect(text).not.toContain('9876543210');
    expect(text).not.toContain('98765 43210');
    expect(text).not.toContain('Asha');
    expect(text).toContain('[iCarry] login /api_login ok');
    expect(text).toContain('[iCarry] book /api_add_shipment_surface ok');
    expect(text).toContain('[iCarry] track /api_track_shipment ok');
  });

  it.each([200, 403])('reports the firewall page (HTTP %i) as ICarryBlockedError', async (status) => {
    sandbox.control.addFault({
      kind: 'html_block',
      status,
      style: status === 200 ? 'imunify360' : 'cloudflare',
      endpoint: 'api_get_estimate',
    });
    await expect(makeClient().estimate(estimateInput())).rejects.toBeInstanceOf(ICarryBlockedError);
  });

  it('reads through PHP notices and retries malformed JSON and 5xx on safe calls', async () => {
    const client = makeClient();
    sandbox.control.setFaults([
      { kind: 'php_notice', endpoint: 'api_get_estimate' },
      { kind: 'malformed_json', endpoint: 'api_check_pincode' },
      { kind: 'http_error', status: 503, endpoint: 'api_shipment_status_sync', count: 2 },
    ]);
    expect((await client.estimate(estimateInput())).length).toBeGreaterThan(0);
    expect((await client.checkPincode('400001')).serviceable).toBe(true);
    expect(await client.syncStatuses(['1'])).toHaveLength(1);
    expect(requestsTo('/api_check_pincode')).toBe(2);
    expect(requestsTo('/api_shipment_status_sync')).toBe(3);
  });

  it('reads a keyed-object estimate like an array', async () => {
    const client = makeClient();
    const asArray = await client.estimate(estimateInput());
    sandbox.control.addFault({ kind: 'keyed_estimate' });
    expect(await client.estimate(estimateInput())).toEqual(asArray);
  });

  it('surfaces an estimated courier that booking refuses, so the caller can try the next', async () => {
    const client = makeClient();
    sandbox.control.addFault({ kind: 'phantom_courier', endpoint: 'api_get_estimate' });
    const [phantom, next] = await client.estimate(estimateInput());
    const refused = await client.book(bookingInput({ courierId: phantom?.courierId })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ICarryAPIError);
    expect((refused as ICarryAPIError).kind).toBe('not_serviceable');
    expect((await client.book(bookingInput({ courierId: next?.courierId }))).awb).not.toBeNull();
  });

  it('classifies account refusals', async () => {
    sandbox.control.addFault({
      kind: 'api_error',
      endpoint: 'book',
      message: 'Your wallet balance is low. Please recharge to continue.',
    });
    const error = await makeClient()
      .book(bookingInput())
      .catch((e: unknown) => e);
    expect((error as ICarryAPIError).kind).toBe('account');
  });

  it('times out a hung safe call and retries it', async () => {
    sandbox.control.addFault({ kind: 'timeout', endpoint: 'api_track_shipment' });
    const client = makeClient({ timeoutMs: 200 });
    const booked = await client.book(bookingInput());
    expect((await client.track(booked.shipmentId)).awb).toBe(booked.awb);
    expect(requestsTo('/api_track_shipment')).toBe(2);
  });
});
