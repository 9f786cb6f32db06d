import { describe, expect, it, vi } from 'vitest';
import {
  createCapturingLogger,
  createFakeFetch,
  hang,
  jsonResponse,
  networkError,
  textResponse,
} from '../testing/fake-fetch';
import type { FakeHandler } from '../testing/fake-fetch';
import { ICarryClient } from './icarry.client';
import { resolveICarryBaseUrl } from './icarry.base-url';
import {
  ICarryAPIError,
  ICarryAuthError,
  ICarryBlockedError,
  ICarryConnectionError,
  ICarryTimeoutError,
  ICarryValidationError,
  isBookingOutcomeUnknown,
} from './icarry.errors';
import type { BookingInput, ICarryClientOptions } from './icarry.types';

const API_KEY = 'k'.repeat(40) + 'SECRETKEY';
const TOKEN = 'tok3n5ess10n1d0000000000ab';

function loginOk(): Response {
  return jsonResponse({ success: 'Success: API session successfully started!', api_token: TOKEN });
}

/** Answers /api_login with a token and everything else through `rest`. */
function withLogin(rest: FakeHandler): FakeHandler {
  return (call, index, signal) => (call.endpoint === '/api_login' ? loginOk() : rest(call, index, signal));
}

function makeClient(handler: FakeHandler, overrides: Partial<ICarryClientOptions> = {}) {
  const fake = createFakeFetch(handler);
  const sleep = vi.fn(async (_ms: number) => undefined);
  const client = new ICarryClient({
    username: 'ela12345',
    apiKey: API_KEY,
    fetch: fake.fetch,
    sleep,
    random: () => 0.5,
    ...overrides,
  });
  return { client, sleep, ...fake };
}

const ESTIMATE_INPUT = {
  originPincode: '400001',
  destinationPincode: '110001',
  weightGrams: 500,
  lengthCm: 10,
  breadthCm: 10,
  heightCm: 10,
  mode: 'surface' as const,
  paymentType: 'cod' as const,
  shipmentValuePaise: 49900,
};

const BOOKING: BookingInput = {
  pickupAddressId: 1001,
  courierId: '121',
  clientOrderId: 'ORD-1001',
  mode: 'surface',
  consignee: {
    name: 'Asha Rao',
    mobile: '+91 98765-43210',
    address: '12 MG Road, Flat 4',
    city: 'Mumbai',
    state: 'Maharashtra',
    pincode: '400001',
  },
  parcel: {
    type: 'cod',
    valuePaise: 49900,
    contents: 'Ghee and honey',
    weightGrams: 750,
    lengthCm: 10,
    breadthCm: 12,
    heightCm: 8,
    items: [
      { name: 'Ghee 500g', sku: 'GHEE-500', pricePaise: 34900, quantity: 1 },
      { name: 'Honey 250g', sku: 'HONEY-250', pricePaise: 15000, quantity: 1 },
    ],
  },
};

const BOOKED = {
  success: 'Success: You have added a new shipment with id 352. | AWB 14908101234567',
  error: '',
  shipment_id: '352',
  awb: '14908101234567',
  courier_id: '121',
  courier_name: 'Delhivery Surface',
  pickup_id: '7781',
  cost_estimate: '52.30',
  tracking_url: 'https://www.icarry.in/track-shipment?awb=14908101234567',
};

describe('ICarryClient: requests', () => {
  it('logs in form-encoded and sends the token in the query string with browser-like headers', async () => {
    const { client, calls } = makeClient(withLogin(() => jsonResponse({ success: 1, estimate: [] })));
    await client.estimate(ESTIMATE_INPUT);
    const [login, estimate] = calls;
    expect(login?.url).toBe('https://www.icarry.in/api_login');
    expect(login?.fields).toEqual({ username: 'ela12345', key: API_KEY });
    expect(login?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(estimate?.url).toBe(`https://www.icarry.in/api_get_estimate?api_token=${TOKEN}`);
    expect(estimate?.headers['user-agent']).toMatch(/^Mozilla\/5\.0 .*Chrome/);
    expect(estimate?.headers.accept).toBe('application/json, text/plain, */*');
    expect(estimate?.fields).toEqual({
      length: '10',
      breadth: '10',
      height: '10',
      weight: '500',
      origin_pincode: '400001',
      destination_pincode: '110001',
      origin_country_code: 'IN',
      destination_country_code: 'IN',
      shipment_mode: 'S',
      shipment_type: 'C',
      shipment_value: '499.00',
    });
  });

  it.each([1, '1', true, 'Success: API session successfully started!', undefined])(
    'accepts login success=%s',
    async (success) => {
      const { client } = makeClient((call) =>
        call.endpoint === '/api_login' ? jsonResponse({ success, api_token: TOKEN }) : jsonResponse({}),
      );
      await expect(client.login()).resolves.toMatchObject({ loggedInAt: expect.any(Date) as Date });
    },
  );

  it('turns an OpenCart error object at login into ICarryAuthError without retrying', async () => {
    const { client, calls } = makeClient(() => jsonResponse({ error: { key: 'Warning: Incorrect API Key!' } }));
    const error = await client.login().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryAuthError);
    expect((error as ICarryAuthError).reason).toBe('login_failed');
    expect((error as ICarryAuthError).message).toContain('Incorrect API Key');
    expect(calls).toHaveLength(1);
  });

  it('reuses the token for 50 minutes by the injected clock', async () => {
    let now = 1_000_000;
    const { client, callsTo } = makeClient(
      withLogin(() => jsonResponse({ success: 1, msg: [] })),
      { now: () => now },
    );
    await client.syncStatuses(['1']);
    now += 49 * 60 * 1000;
    await client.syncStatuses(['1']);
    expect(callsTo('/api_login')).toHaveLength(1);
    now += 2 * 60 * 1000;
    await client.syncStatuses(['1']);
    expect(callsTo('/api_login')).toHaveLength(2);
  });

  it('shares one login between concurrent calls', async () => {
    const { client, callsTo } = makeClient(withLogin(() => jsonResponse({ success: 1, msg: [] })));
    await Promise.all([client.syncStatuses(['1']), client.syncStatuses(['2']), client.checkPincode('110001')]);
    expect(callsTo('/api_login')).toHaveLength(1);
  });

  it.each([
    [
      'an expired-token error in the body',
      () => jsonResponse({ error: 'Error : api_token is expired. Please login again.' }),
    ],
    [
      'OpenCart permission error',
      () => jsonResponse({ error: { warning: 'Warning: You do not have permission to access the API!' } }),
    ],
    ['HTTP 401', () => jsonResponse({ error: 'Unauthorized' }, 401)],
  ])('logs in again exactly once after %s, then repeats the call', async (_label, reject) => {
    let rejected = false;
    const { client, callsTo } = makeClient(
      withLogin(() => {
        if (!rejected) {
          rejected = true;
          return reject();
        }
        return jsonResponse(BOOKED);
      }),
    );
    await client.login();
    const result = await client.book(BOOKING);
    expect(result.shipmentId).toBe('352');
    expect(callsTo('/api_login')).toHaveLength(2);
    expect(callsTo('/api_add_shipment_surface')).toHaveLength(2);
  });

  it('gives up with ICarryAuthError when the token is rejected again after re-login', async () => {
    const { client, callsTo } = makeClient(
      withLogin(() => jsonResponse({ error: 'Invalid token or session expired' })),
    );
    const error = await client.track('352').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryAuthError);
    expect((error as ICarryAuthError).reason).toBe('token_rejected');
    expect(callsTo('/api_login')).toHaveLength(2);
    expect(callsTo('/api_track_shipment')).toHaveLength(2);
  });
});

describe('ICarryClient: response quirks', () => {
  it('parses estimates from an array, cheapest first, costs in exact paise', async () => {
    const { client } = makeClient(
      withLogin(() =>
        jsonResponse({
          success: 1,
          estimate: [
            {
              courier_id: 121,
              courier_name: 'Delhivery Surface',
              courier_group_name: 'Delhivery',
              freight_cost: '45.20',
              cod_cost: '35.00',
              rto_cost: '45.20',
              courier_cost: '80.20',
            },
            {
              courier_id: '131',
              courier_name: 'Xpressbees Surface 0.5Kg',
              courier_group_name: 'Xpressbees',
              freight_cost: '4.10',
              cod_cost: '35',
              courier_cost: '39.10',
            },
            { courier_name: 'broken entry without id' },
          ],
        }),
      ),
    );
    const estimates = await client.estimate(ESTIMATE_INPUT);
    expect(estimates).toEqual([
      {
        courierId: '131',
        courierName: 'Xpressbees Surface 0.5Kg',
        courierGroup: 'Xpressbees',
        totalPaise: 3910,
        freightPaise: 410,
        codPaise: 3500,
        rtoPaise: null,
      },
      {
        courierId: '121',
        courierName: 'Delhivery Surface',
        courierGroup: 'Delhivery',
        totalPaise: 8020,
        freightPaise: 4520,
        codPaise: 3500,
        rtoPaise: 4520,
      },
    ]);
  });

  it('parses estimates from a keyed object and totals freight+COD when courier_cost is missing', async () => {
    const { client } = makeClient(
      withLogin(() =>
        jsonResponse({
          success: '1',
          estimate: {
            'iCarry LTL': {
              courier_id: '900',
              courier_group_name: 'iCarry',
              freight_cost: '120.05',
              cod_cost: '30.00',
            },
          },
        }),
      ),
    );
    expect(await client.estimate(ESTIMATE_INPUT)).toEqual([
      {
        courierId: '900',
        courierName: 'iCarry LTL',
        courierGroup: 'iCarry',
        totalPaise: 15005,
        freightPaise: 12005,
        codPaise: 3000,
        rtoPaise: null,
      },
    ]);
  });

  it('parses JSON that follows PHP notices', async () => {
    const notice =
      '<br />\n<b>Notice</b>:  Undefined index: shipment_value in <b>/home/icarry/catalog/controller/api.php</b> on line <b>88</b><br />\n';
    const { client } = makeClient(
      withLogin(() =>
        textResponse(
          `${notice}{"success":1,"estimate":[{"courier_id":"5","courier_name":"Ekart Surface","courier_cost":"61.00","freight_cost":"61.00","cod_cost":"0.00"}]}`,
        ),
      ),
    );
    const [only] = await client.estimate(ESTIMATE_INPUT);
    expect(only).toMatchObject({ courierId: '5', totalPaise: 6100 });
  });

  it.each([200, 403])('treats an HTML firewall page (HTTP %i) as ICarryBlockedError, not retried', async (status) => {
    const page =
      '<!DOCTYPE html><html><head><title>Access denied</title><style>body{color:red}</style></head><body>Imunify360 bot-protection</body></html>';
    const { client, callsTo } = makeClient(withLogin(() => textResponse(page, status)));
    const error = await client.track('352').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryBlockedError);
    expect((error as ICarryBlockedError).httpStatus).toBe(status);
    expect(callsTo('/api_track_shipment')).toHaveLength(1);
  });

  it('turns a malformed body into MALFORMED_RESPONSE (never a SyntaxError), retrying safe calls', async () => {
    const { client, callsTo, sleep } = makeClient(
      withLogin(() => textResponse('{"success":1,"msg":[{"shipment_id":"35', 200, 'application/json')),
    );
    const error = await client.syncStatuses(['352']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryAPIError);
    expect((error as ICarryAPIError).code).toBe('MALFORMED_RESPONSE');
    expect((error as ICarryAPIError).body).toContain('"success":1');
    expect(callsTo('/api_shipment_status_sync')).toHaveLength(3);
    expect(sleep).toHaveBeenCalledTimes(2);
  });

  it('reports a well-formed JSON of the wrong shape as MALFORMED_RESPONSE', async () => {
    const { client } = makeClient(
      withLogin(() => jsonResponse({ success: 1 })),
      { retry: { maxAttempts: 1 } },
    );
    const error = await client.book(BOOKING).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryAPIError);
    expect((error as ICarryAPIError).code).toBe('MALFORMED_RESPONSE');
    // A booking answer we cannot read may still be a booking.
    expect((error as ICarryAPIError).outcomeUnknown).toBe(true);
  });

  it('classifies refusals by kind and keeps the raw body without secrets', async () => {
    const answers = [
      'Pincode not serviceable.',
      'Insufficient wallet balance. Please recharge your wallet.',
      'Invalid consignee name.',
    ];
    const { client } = makeClient(
      withLogin((_call, index) => jsonResponse({ success: 0, error: answers[index - 1], api_token: TOKEN })),
    );
    const kinds: string[] = [];
    for (let i = 0; i < answers.length; i += 1) {
      const error = await client.book(BOOKING).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ICarryAPIError);
      expect((error as ICarryAPIError).outcomeUnknown).toBe(false);
      expect((error as ICarryAPIError).body).not.toContain(TOKEN);
      kinds.push((error as ICarryAPIError).kind);
    }
    expect(kinds).toEqual(['not_serviceable', 'account', 'other']);
  });

  it('refuses to follow a redirect', async () => {
    const { client } = makeClient(
      () => new Response('', { status: 301, headers: { location: 'https://www.icarry.in/api_login' } }),
    );
    const error = await client.login().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryAPIError);
    expect((error as ICarryAPIError).code).toBe('HTTP_ERROR');
  });
});

describe('ICarryClient: retries and timeouts', () => {
  it('retries a 5xx on a safe call with capped, jittered backoff', async () => {
    const { client, sleep, callsTo } = makeClient(
      withLogin((_call, index) =>
        index < 3 ? textResponse('Bad gateway', 502) : jsonResponse({ success: 1, status: 'In Transit', details: [] }),
      ),
      { retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 150 } },
    );
    const result = await client.track('352');
    expect(result.statusText).toBe('In Transit');
    expect(callsTo('/api_track_shipment')).toHaveLength(3);
    // random()=0.5 -> 75% of min(cap, base * 2^(n-1)): 75 then 113 (capped at 150).
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([75, 113]);
  });

  it('never retries a booking after a 5xx, and flags the outcome unknown', async () => {
    const { client, callsTo } = makeClient(withLogin(() => textResponse('Internal Server Error', 500)));
    const error = await client.book(BOOKING).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryAPIError);
    expect(isBookingOutcomeUnknown(error)).toBe(true);
    expect(callsTo('/api_add_shipment_surface')).toHaveLength(1);
  });

  it('does not repeat a booking that timed out: ICarryTimeoutError with outcomeUnknown', async () => {
    const { client, callsTo } = makeClient(
      withLogin((_call, _index, signal) => hang(signal)),
      { timeoutMs: 50 },
    );
    const error = await client.book(BOOKING).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryTimeoutError);
    expect((error as ICarryTimeoutError).outcomeUnknown).toBe(true);
    expect((error as ICarryTimeoutError).reason).toBe('timeout');
    expect(callsTo('/api_add_shipment_surface')).toHaveLength(1);
  });

  it('times out even when the injected fetch ignores the signal', async () => {
    const { client } = makeClient(
      withLogin(() => new Promise<Response>(() => undefined)),
      { timeoutMs: 30, retry: { maxAttempts: 1 } },
    );
    await expect(client.track('352')).rejects.toBeInstanceOf(ICarryTimeoutError);
  });

  it('does not repeat a booking whose connection dropped after sending', async () => {
    const { client, callsTo } = makeClient(withLogin(() => Promise.reject(networkError('ECONNRESET'))));
    const error = await client.book(BOOKING).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryTimeoutError);
    expect((error as ICarryTimeoutError).reason).toBe('connection_lost');
    expect((error as ICarryTimeoutError).outcomeUnknown).toBe(true);
    expect(callsTo('/api_add_shipment_surface')).toHaveLength(1);
  });

  it('repeats a booking only when the connection was refused (nothing was sent)', async () => {
    const { client, callsTo } = makeClient(
      withLogin((_call, index) => (index === 1 ? Promise.reject(networkError('ECONNREFUSED')) : jsonResponse(BOOKED))),
    );
    const result = await client.book(BOOKING);
    expect(result.awb).toBe('14908101234567');
    expect(callsTo('/api_add_shipment_surface')).toHaveLength(2);
  });

  it('retries a dropped connection on a safe call and reports ICarryConnectionError at the end', async () => {
    const { client, callsTo } = makeClient(withLogin(() => Promise.reject(networkError('ECONNRESET'))));
    const error = await client.track('352').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryConnectionError);
    expect((error as ICarryConnectionError).osCode).toBe('ECONNRESET');
    expect(callsTo('/api_track_shipment')).toHaveLength(3);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const { client } = makeClient(
      withLogin((_call, _index, signal) => {
        setTimeout(() => controller.abort(), 10);
        return hang(signal);
      }),
    );
    const error = await client.track('352', { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryTimeoutError);
    expect((error as ICarryTimeoutError).reason).toBe('aborted');
  });
});

describe('ICarryClient: booking', () => {
  it('sends the bracketed nested form iCarry expects', async () => {
    const { client, callsTo } = makeClient(withLogin(() => jsonResponse(BOOKED)));
    await client.book({ ...BOOKING, channelId: 1, parcel: { ...BOOKING.parcel, invoiceValuePaise: 52000 } });
    const [call] = callsTo('/api_add_shipment_surface');
    expect(call?.fields).toEqual({
      pickup_address_id: '1001',
      client_order_id: 'ORD-1001',
      channel_id: '1',
      courier_id: '121',
      'consignee[name]': 'Asha Rao',
      'consignee[mobile]': '9876543210',
      'consignee[address]': '12 MG Road, Flat 4',
      'consignee[city]': 'Mumbai',
      'consignee[state]': 'MA',
      'consignee[pincode]': '400001',
      'consignee[country_code]': 'IN',
      'parcel[type]': 'COD',
      'parcel[value]': '499.00',
      'parcel[invoice_value]': '520.00',
      'parcel[currency]': 'INR',
      'parcel[contents]': 'Ghee and honey',
      'parcel[items][0][name]': 'Ghee 500g',
      'parcel[items][0][pid]': 'GHEE-500',
      'parcel[items][0][price]': '349.00',
      'parcel[items][0][quantity]': '1',
      'parcel[items][1][name]': 'Honey 250g',
      'parcel[items][1][pid]': 'HONEY-250',
      'parcel[items][1][price]': '150.00',
      'parcel[items][1][quantity]': '1',
      'parcel[dimensions][length]': '10',
      'parcel[dimensions][breadth]': '12',
      'parcel[dimensions][height]': '8',
      'parcel[dimensions][unit]': 'cm',
      'parcel[weight][weight]': '750',
      'parcel[weight][unit]': 'gm',
    });
    expect(call?.rawBody).toContain('consignee%5Bname%5D=Asha+Rao');
  });

  it('books air shipments on the air endpoint with Prepaid', async () => {
    const { client, callsTo } = makeClient(withLogin(() => jsonResponse(BOOKED)));
    await client.book({ ...BOOKING, mode: 'express', parcel: { ...BOOKING.parcel, type: 'prepaid' } });
    expect(callsTo('/api_add_shipment_air')[0]?.fields['parcel[type]']).toBe('Prepaid');
  });

  it('returns typed booking results', async () => {
    const { client } = makeClient(withLogin(() => jsonResponse(BOOKED)));
    expect(await client.book(BOOKING)).toEqual({
      shipmentId: '352',
      awb: '14908101234567',
      courierId: '121',
      courierName: 'Delhivery Surface',
      trackingUrl: 'https://www.icarry.in/track-shipment?awb=14908101234567',
      costEstimatePaise: 5230,
      pickupId: '7781',
      clientOrderId: null,
      message: BOOKED.success,
    });
  });

  it('returns a shipment without AWB as a partial success, even with an error text', async () => {
    const { client } = makeClient(
      withLogin(() =>
        jsonResponse({
          success: '',
          error: 'Courier could not be assigned: pickup address not found.',
          shipment_id: 249772,
          awb: '',
          courier_id: '',
          courier_name: '',
        }),
      ),
    );
    const result = await client.book(BOOKING);
    expect(result).toMatchObject({
      shipmentId: '249772',
      awb: null,
      courierId: null,
      courierName: null,
      message: 'Courier could not be assigned: pickup address not found.',
    });
  });

  it.each([
    ['bad phone', { consignee: { ...BOOKING.consignee, mobile: '12345' } }, 'consignee.mobile'],
    ['unmappable state', { consignee: { ...BOOKING.consignee, state: 'Narnia' } }, 'consignee.state'],
    ['bad pincode', { consignee: { ...BOOKING.consignee, pincode: '4000' } }, 'consignee.pincode'],
    ['zero weight', { parcel: { ...BOOKING.parcel, weightGrams: 0 } }, 'parcel.weightGrams'],
    ['fractional paise', { parcel: { ...BOOKING.parcel, valuePaise: 100.5 } }, 'parcel.valuePaise'],
    ['empty name', { consignee: { ...BOOKING.consignee, name: '  ' } }, 'consignee.name'],
  ])('refuses %s before sending anything', async (_label, patch, field) => {
    const { client, calls } = makeClient(withLogin(() => jsonResponse(BOOKED)));
    const error = await client.book({ ...BOOKING, ...patch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryValidationError);
    expect((error as ICarryValidationError).field).toBe(field);
    expect(calls).toHaveLength(0);
  });
});

describe('ICarryClient: tracking, sync, cancel, label, pincode', () => {
  it('parses tracking details with IST dates and underscore-free locations', async () => {
    const { client } = makeClient(
      withLogin(() =>
        jsonResponse({
          success: 'Success',
          status: 'In Transit',
          awb: 14908101234567,
          courier_name: 'Delhivery Surface',
          picked_datetime: '2025-01-23 14:05:00',
          delivered_datetime: '',
          edd: '27/01/2025',
          details: [
            { datetime: '2025-01-23 14:05:00', location: 'Mumbai_Andheri_DC', notes: 'Shipment picked up' },
            { datetime: '24/01/2025 09:10', location: '', notes: 'In transit' },
          ],
        }),
      ),
    );
    const result = await client.track('352');
    expect(result).toMatchObject({
      shipmentId: '352',
      statusText: 'In Transit',
      awb: '14908101234567',
      deliveredAt: null,
      trackingUrl: null,
    });
    expect(result.pickedAt?.toISOString()).toBe('2025-01-23T08:35:00.000Z');
    expect(result.edd?.toISOString()).toBe('2025-01-26T18:30:00.000Z');
    expect(result.events).toEqual([
      { at: new Date('2025-01-23T08:35:00.000Z'), location: 'Mumbai Andheri DC', notes: 'Shipment picked up' },
      { at: new Date('2025-01-24T03:40:00.000Z'), location: null, notes: 'In transit' },
    ]);
  });

  it('refuses an AWB where iCarry wants the shipment id', async () => {
    const { client, calls } = makeClient(withLogin(() => jsonResponse({})));
    await expect(client.track('AWB123XYZ')).rejects.toBeInstanceOf(ICarryValidationError);
    expect(calls).toHaveLength(0);
  });

  it('syncs many ids in chunks of 50 with shipment_ids[n] fields and the trailing-space key', async () => {
    const { client, callsTo } = makeClient(
      withLogin((call) =>
        jsonResponse({
          success: 1,
          msg: Object.entries(call.fields)
            .filter(([key]) => key.startsWith('shipment_ids['))
            .map(([, id]) => ({
              shipment_id: id,
              status: id === '7' ? 0 : '22',
              'date_picked ': '23/01/2025',
              date_delivered: '',
            })),
        }),
      ),
    );
    const ids = Array.from({ length: 120 }, (_, i) => String(i + 1));
    const entries = await client.syncStatuses([...ids, '5']);
    const calls = callsTo('/api_shipment_status_sync');
    expect(calls.map((call) => Object.keys(call.fields).length)).toEqual([50, 50, 20]);
    expect(calls[0]?.fields['shipment_ids[0]']).toBe('1');
    expect(calls[2]?.fields['shipment_ids[19]']).toBe('120');
    expect(entries).toHaveLength(120);
    expect(entries[0]).toMatchObject({ shipmentId: '1', statusCode: '22', isUnknown: false, deliveredAt: null });
    expect(entries[0]?.pickedAt?.toISOString()).toBe('2025-01-22T18:30:00.000Z');
    expect(entries[6]).toMatchObject({
      shipmentId: '7',
      statusCode: '0',
      isUnknown: true,
      mapping: { kind: 'unknown' },
    });
  });

  it('sends nothing for an empty id list', async () => {
    const { client, calls } = makeClient(withLogin(() => jsonResponse({})));
    expect(await client.syncStatuses([])).toEqual([]);
    expect(calls).toHaveLength(0);
  });

  it('cancels, and reports a refusal as ICarryAPIError', async () => {
    const { client } = makeClient(
      withLogin((_call, index) =>
        index === 1
          ? jsonResponse({ success: 'Shipment cancelled successfully.', shipment_id: '352' })
          : jsonResponse({ error: 'Error : Shipment cannot be cancelled after pickup.' }),
      ),
    );
    expect(await client.cancel('352')).toEqual({ cancelled: true, message: 'Shipment cancelled successfully.' });
    await expect(client.cancel('352')).rejects.toBeInstanceOf(ICarryAPIError);
  });

  it('reads pincode serviceability flags', async () => {
    const { client } = makeClient(
      withLogin((_call, index) =>
        index === 1
          ? jsonResponse({ success: 1, msg: [{ service: 'Y', prepaid: 'Y', cod: 'N', pickup: 'y' }] })
          : index === 2
            ? jsonResponse({ success: 0, msg: [] })
            : jsonResponse({ success: 0, error: 'Pincode not serviceable.' }),
      ),
    );
    expect(await client.checkPincode('110001')).toEqual({ serviceable: true, prepaid: true, cod: false, pickup: true });
    expect(await client.checkPincode('110002')).toEqual({
      serviceable: false,
      prepaid: false,
      cod: false,
      pickup: false,
    });
    expect(await client.checkPincode('910002')).toEqual({
      serviceable: false,
      prepaid: false,
      cod: false,
      pickup: false,
    });
  });
});

describe('ICarryClient: logging and base URL', () => {
  it('logs every call with the [iCarry] tag and no key, token or phone', async () => {
    const capture = createCapturingLogger();
    let rejected = false;
    const { client } = makeClient(
      withLogin((call) => {
        if (call.endpoint === '/api_add_shipment_surface' && !rejected) {
          rejected = true;
          return jsonResponse({ error: `api_token ${TOKEN} is expired` });
        }
        if (call.endpoint === '/api_track_shipment') return jsonResponse({ error: 'Consignee 9876543210 unreachable' });
        return jsonResponse(BOOKED);
      }),
      { logger: capture.logger },
    );
    await client.book(BOOKING);
    await client.track('352').catch(() => undefined);
    const text = capture.text();
    expect(capture.lines.length).toBeGreaterThanOrEqual(4);
    for (const line of capture.lines) expect(line.msg).toContain('[iCarry]');
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain('SECRETKEY');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('9876543210');
    expect(text).not.toContain('MG Road');
    expect(text).toContain('api_token=[redacted]');
    const ok = capture.lines.find((line) => line.msg.includes('/api_add_shipment_surface ok'));
    expect(ok?.obj).toMatchObject({
      endpoint: '/api_add_shipment_surface',
      attempt: expect.any(Number) as number,
      durationMs: expect.any(Number) as number,
      outcome: 'ok',
    });
  });

  it('maps the legacy api_v3 base URL to www.icarry.in with a warning', () => {
    const capture = createCapturingLogger();
    expect(resolveICarryBaseUrl('https://icarry.in/api_v3', capture.logger)).toBe('https://www.icarry.in');
    expect(resolveICarryBaseUrl('https://www.icarry.in/api_v3/', capture.logger)).toBe('https://www.icarry.in');
    expect(resolveICarryBaseUrl('http://icarry.in', capture.logger)).toBe('https://www.icarry.in');
    expect(capture.lines).toHaveLength(3);
    expect(capture.lines.every((line) => line.level === 'warn' && line.msg.includes('[iCarry]'))).toBe(true);
    expect(resolveICarryBaseUrl('https://www.icarry.in/', capture.logger)).toBe('https://www.icarry.in');
    expect(resolveICarryBaseUrl(undefined, capture.logger)).toBe('https://www.icarry.in');
    expect(resolveICarryBaseUrl('http://127.0.0.1:4010/', capture.logger)).toBe('http://127.0.0.1:4010');
    expect(capture.lines).toHaveLength(3);
    expect(() => resolveICarryBaseUrl('not a url', capture.logger)).toThrow(ICarryValidationError);
  });

  it('uses the corrected base URL for requests', async () => {
    const { client, calls } = makeClient(loginOk, { baseUrl: 'https://icarry.in/api_v3' });
    await client.login();
    expect(calls[0]?.url).toBe('https://www.icarry.in/api_login');
  });
});

describe('ICarryClient: wrong endpoint', () => {
  it('reports an HTML 404 as HTTP_ERROR, not as a firewall block', async () => {
    const { client } = makeClient(() =>
      textResponse('<!DOCTYPE html><html><body>The page you requested cannot be found!</body></html>', 404),
    );
    const error = await client.login().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryAPIError);
    expect((error as ICarryAPIError).code).toBe('HTTP_ERROR');
    expect((error as ICarryAPIError).httpStatus).toBe(404);
  });
});

describe('ICarryClient: labels', () => {
  function labelClient(answer: () => Response) {
    return makeClient(
      withLogin((call) => (call.endpoint === '/api_print_shipment_label' ? answer() : jsonResponse({}))),
    );
  }

  it('reads label URLs (array of {url}, strings, protocol-relative), without duplicates', async () => {
    const { client, callsTo } = labelClient(() =>
      jsonResponse({
        success: 1,
        shipment_label: [{ url: 'https://www.icarry.in/label/352.pdf' }, 'https://www.icarry.in/label/352.pdf'],
        label_url: '//cdn.icarry.in/l/352-2.pdf',
      }),
    );
    expect(await client.label('352', { paperSize: 'A4' })).toEqual({
      kind: 'pdf_urls',
      urls: ['https://www.icarry.in/label/352.pdf', 'https://cdn.icarry.in/l/352-2.pdf'],
    });
    expect(callsTo('/api_print_shipment_label')[0]?.fields).toEqual({ shipment_id: '352', paper_size: 'A4' });
  });

  it('reads label data when there is no URL', async () => {
    const { client } = labelClient(() =>
      jsonResponse({
        success: '1',
        awb: 14908101234567,
        courier_name: 'Delhivery Surface',
        courier_id: '101',
        barcode_img: 'data:image/png;base64,iVBORw0KGgo=',
        tracking_url: 'javascript:alert(1)',
        sort_code: 'DEL/ALP',
        return_address: { line1: '4 Mill Road', city: 'New Delhi', pincode: 110001 },
      }),
    );
    expect(await client.label('352')).toEqual({
      kind: 'data',
      awb: '14908101234567',
      courierName: 'Delhivery Surface',
      courierId: '101',
      barcodeImage: 'data:image/png;base64,iVBORw0KGgo=',
      trackingUrl: null,
      sortCode: 'DEL/ALP',
      returnAddress: '4 Mill Road, New Delhi, 110001',
    });
  });

  it.each([
    [
      'an odd shape',
      () => jsonResponse({ success: 1, label: { status: 'queued' } }),
      /neither label URLs nor label data/,
    ],
    ['an AWB alone', () => jsonResponse({ success: 1, awb: '123' }), /neither/],
    ['a non-http URL', () => jsonResponse({ success: 1, label_url: 'ftp://x/y.pdf' }), /neither/],
    [
      'a refusal',
      () => jsonResponse({ success: 0, error: 'Label not available for 9876543210' }),
      /Label not available for \*{6}3210/,
    ],
  ])('answers none with the reason for %s, never throwing', async (_label, answer, reason) => {
    const { client } = labelClient(answer);
    const label = await client.label('352');
    expect(label.kind).toBe('none');
    expect(label.kind === 'none' ? label.reason : '').toMatch(reason);
  });

  it('throws for transport failures and firewall pages', async () => {
    const blocked = labelClient(() => textResponse('<!DOCTYPE html><html>Imunify360</html>', 403));
    await expect(blocked.client.label('352')).rejects.toBeInstanceOf(ICarryBlockedError);
    const down = makeClient(
      withLogin(() => textResponse('oops', 503)),
      { retry: { maxAttempts: 2 } },
    );
    await expect(down.client.label('352')).rejects.toMatchObject({ code: 'HTTP_ERROR', httpStatus: 503 });
    expect(down.callsTo('/api_print_shipment_label')).toHaveLength(2);
  });
});

describe('ICarryClient: reverse shipments', () => {
  const REVERSE = {
    success: 'Success: You have added a new reverse shipment with id 353.',
    error: '',
    shipment_id: 353,
    awb: 'R14908101234568',
    courier_id: '101',
    courier: 'Delhivery Surface',
    pickup_id: '7002',
    cost_estimate: '61.36',
    tracking_url: 'https://www.icarry.in/track-shipment?awb=R14908101234568',
    client_order_id: 'RET-1001-1',
  };

  it('books a return pickup for a delivered shipment and reads it like a booking', async () => {
    const { client, callsTo } = makeClient(withLogin(() => jsonResponse(REVERSE)));
    const result = await client.addReverseShipment({
      shipmentId: '352',
      clientOrderId: 'RET-1001-1',
      returnAddressId: 1001,
      reason: '  Wrong   size\n',
    });
    expect(result).toEqual({
      shipmentId: '353',
      forwardShipmentId: '352',
      awb: 'R14908101234568',
      courierId: '101',
      courierName: 'Delhivery Surface',
      trackingUrl: 'https://www.icarry.in/track-shipment?awb=R14908101234568',
      costEstimatePaise: 6136,
      pickupId: '7002',
      clientOrderId: 'RET-1001-1',
      message: 'Success: You have added a new reverse shipment with id 353.',
    });
    expect(callsTo('/api_add_reverse_shipment')[0]?.fields).toEqual({
      shipment_id: '352',
      client_order_id: 'RET-1001-1',
      return_address_id: '1001',
      reason: 'Wrong size',
    });
  });

  it('is never repeated after a timeout: the outcome is unknown', async () => {
    const { client, callsTo } = makeClient(
      withLogin((_call, _index, signal) => hang(signal)),
      { timeoutMs: 30 },
    );
    const error = await client.addReverseShipment({ shipmentId: '352' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ICarryTimeoutError);
    expect(isBookingOutcomeUnknown(error)).toBe(true);
    expect(callsTo('/api_add_reverse_shipment')).toHaveLength(1);
  });

  it('refuses an AWB or a bad warehouse before sending anything', async () => {
    const { client, calls } = makeClient(withLogin(() => jsonResponse(REVERSE)));
    await expect(client.addReverseShipment({ shipmentId: '14908101234567' })).rejects.toBeInstanceOf(
      ICarryValidationError,
    );
    await expect(client.addReverseShipment({ shipmentId: '352', returnAddressId: 'main' })).rejects.toMatchObject({
      field: 'returnAddressId',
    });
    expect(calls).toHaveLength(0);
  });

  it('passes on iCarry refusals', async () => {
    const { client } = makeClient(
      withLogin(() => jsonResponse({ error: 'Reverse pickup is allowed only for delivered shipments.' })),
    );
    await expect(client.addReverseShipment({ shipmentId: '352' })).rejects.toMatchObject({ code: 'API_ERROR' });
  });
});

describe('ICarryClient: billing sync', () => {
  it('reads charges in rupees as paise, with weight, day, mode and zone', async () => {
    const { client, callsTo } = makeClient(
      withLogin(() =>
        jsonResponse({
          success: 1,
          msg: [
            {
              shipment_id: '352',
              awb: '149081',
              date: '23/01/2025',
              miles: '76.20',
              mode: 'S',
              zone: 'D',
              weight: '1000',
            },
            { shipment_id: 353, awb: '', date: '', miles: 39.1, mode: 'E', zone: '', weight: '0.5 kg' },
            { shipment_id: '354', awb: 'X', miles: '', weight: '500' },
            { shipment_id: '355', miles: '0.00' },
            { awb: 'no-id', miles: '10' },
          ],
        }),
      ),
    );
    expect(await client.billingSync(['352', '353', '354', '355'])).toEqual([
      {
        shipmentId: '352',
        awb: '149081',
        chargedPaise: 7620,
        chargedWeightGrams: 1000,
        billedOn: '2025-01-23',
        mode: 'surface',
        zone: 'D',
      },
      {
        shipmentId: '353',
        awb: null,
        chargedPaise: 3910,
        chargedWeightGrams: 500,
        billedOn: null,
        mode: 'express',
        zone: null,
      },
    ]);
    expect(callsTo('/api_shipment_billing_sync')[0]?.fields).toEqual({
      'shipment_ids[0]': '352',
      'shipment_ids[1]': '353',
      'shipment_ids[2]': '354',
      'shipment_ids[3]': '355',
    });
  });

  it('asks in chunks of 50 and accepts entries keyed by shipment id', async () => {
    const { client, callsTo } = makeClient(
      withLogin((call) =>
        jsonResponse({
          success: 1,
          msg: Object.fromEntries(
            Object.values(call.fields).map((id) => [id, { awb: `A${id}`, miles: '50', weight: 500 }]),
          ),
        }),
      ),
    );
    const ids = Array.from({ length: 120 }, (_, i) => String(1000 + i));
    const entries = await client.billingSync([...ids, '1000']);
    expect(entries).toHaveLength(120);
    expect(entries[119]).toMatchObject({ shipmentId: '1119', awb: 'A1119', chargedPaise: 5000 });
    expect(callsTo('/api_shipment_billing_sync').map((c) => Object.keys(c.fields).length)).toEqual([50, 50, 20]);
  });
});

describe('ICarryClient: worst-case booking time', () => {
  it('covers a login with retries, the booking with its retries and one re-login', () => {
    const { client } = makeClient(() => jsonResponse({}), {
      timeoutMs: 1_000,
      retry: { maxAttempts: 3, maxDelayMs: 100 },
    });
    // login: 3 x 1000 + 2 x 100 = 3200, twice; booking: 4 x 1000 + 2 x 100.
    expect(client.worstCaseBookingMs()).toBe(2 * 3_200 + 4_000 + 200);
    expect(client.worstCaseBookingMs({ timeoutMs: 10 })).toBe(2 * 230 + 40 + 200);
  });
});

describe('beforeSend', () => {
  it('runs after the login, right before the request, and a throw sends nothing', async () => {
    const calls: string[] = [];
    const fetchFn: typeof fetch = async (input) => {
      const url = input instanceof Request ? input.url : input.toString();
      calls.push(new URL(url).pathname);
      if (url.includes('api_login')) return new Response(JSON.stringify({ success: 1, api_token: 'tok-1' }));
      return new Response(JSON.stringify({ success: 1, shipment_id: '9001', awb: 'AWB9001', courier_name: 'X' }));
    };
    const client = new ICarryClient({ username: 'u', apiKey: 'k', baseUrl: 'http://icarry.test', fetch: fetchFn });
    const order: string[] = [];
    await expect(
      client.cancel('123', {
        beforeSend: () => {
          order.push(`hook after ${calls.join(',')}`);
          throw new Error('superseded');
        },
      }),
    ).rejects.toThrow('superseded');
    expect(order).toEqual(['hook after /api_login']);
    expect(calls).toEqual(['/api_login']);
  });
});
