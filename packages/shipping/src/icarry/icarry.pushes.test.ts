import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_PUSH_ID_CHARS,
  buildNdrPush,
  buildStatusPush,
  buildWeightPush,
  parseICarryPush,
  parseICarryWebhookBody,
  pushDedupeKey,
  pushRefs,
  pushToken,
  readStoredPushEvent,
} from './icarry.pushes';
import type { BuiltPush, ICarryPushEvent, ICarryPushParse } from './icarry.pushes';
import { redactPushToken } from './icarry.pushes';

const KEY = 'sandbox-api-key-0000000000000000';

function bodyOf(raw: string, contentType: string | null = null): Record<string, unknown> {
  const parsed = parseICarryWebhookBody(raw, contentType);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.body;
}

function eventOf(body: unknown): ICarryPushEvent {
  const parsed = parseICarryPush(body);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
}

function failureOf(body: unknown): Extract<ICarryPushParse, { ok: false }> {
  const parsed = parseICarryPush(body);
  if (parsed.ok) throw new Error(`accepted ${JSON.stringify(parsed.event)}`);
  return parsed;
}

/** A built push as our webhook route reads it: raw body -> fields -> event. */
function received(push: BuiltPush): ICarryPushEvent {
  return eventOf(bodyOf(push.body, push.contentType));
}

const STATUS = { callback_type: 'sync_status', status: '22', shipment_id: '249772', awb: '142310000249772' };

describe('parseICarryWebhookBody', () => {
  it('reads form fields and JSON whatever the content-type claims', () => {
    expect(bodyOf('callback_type=sync_status&status=22&awb=A+1', 'application/json; charset=utf-8')).toEqual({
      callback_type: 'sync_status',
      status: '22',
      awb: 'A 1',
    });
    expect(bodyOf('{"callback_type":"ndr_status","ndr_data":[]}', 'application/x-www-form-urlencoded')).toEqual({
      callback_type: 'ndr_status',
      ndr_data: [],
    });
    expect(bodyOf('  {"a":1}  ', 'text/plain')).toEqual({ a: 1 });
  });

  it('nests PHP-style bracketed fields', () => {
    expect(
      bodyOf('callback_type=ndr_status&ndr_data[0][shipment_id]=1&ndr_data[0][type]=REATTEMPT&ndr_data[1][awb]=X'),
    ).toEqual({
      callback_type: 'ndr_status',
      ndr_data: [{ shipment_id: '1', type: 'REATTEMPT' }, { awb: 'X' }],
    });
  });

  it.each([
    ['', null, 'empty body'],
    ['   ', 'application/json', 'empty body'],
    ['{"callback_type":"sync_status"', 'application/json', 'body is not valid JSON'],
    ['[1,2]', 'application/json', 'JSON body must be an object'],
    ['null', 'application/json', 'JSON body must be an object'],
    ['"text"', 'application/json', 'JSON body must be an object'],
    ['callback_type=sync_status&status=2\u00002', null, 'body contains NUL characters or broken UTF-16'],
    ['callback_type=sync_status&awb=A%00B', null, 'body contains NUL characters or broken UTF-16'],
    ['{"callback_type":"sync_status","awb":"A\\u0000B"}', null, 'body contains NUL characters or broken UTF-16'],
    ['{"a\\u0000":1}', null, 'body contains NUL characters or broken UTF-16'],
    ['{"ndr_data":[{"awb":"X\\u0000"}]}', null, 'body contains NUL characters or broken UTF-16'],
    ['{"ndr_data":[{"awb":"X\\ud800"}]}', null, 'body contains NUL characters or broken UTF-16'],
    [
      '{"callback_type":"sync_status","\\udc00":"1"}',
      'application/json',
      'body contains NUL characters or broken UTF-16',
    ],
  ])('refuses %j (%s) with a reason', (raw, type, reason) => {
    expect(parseICarryWebhookBody(raw, type)).toEqual({ ok: false, reason });
  });

  it('never lets a form field reach Object.prototype', () => {
    const body = bodyOf('__proto__[polluted]=1&constructor[prototype][x]=1&callback_type=sync_status');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(body.callback_type).toBe('sync_status');
  });

  it('survives deep nesting', () => {
    const deep = `{"callback_type":"ndr_status","ndr_data":${'['.repeat(60_000)}${']'.repeat(60_000)}}`;
    const parsed = parseICarryWebhookBody(deep, 'application/json');
    expect(parsed.ok).toBe(true);
    expect(failureOf(parsed.ok ? parsed.body : null)).toMatchObject({ kind: 'ndr' });
  });
});

describe('pushToken and redactPushToken', () => {
  it('reads the token of a status or weight push', () => {
    expect(pushToken({ token: KEY })).toBe(KEY);
    expect(pushToken({ token: '' })).toBeNull();
    expect(pushToken({ token: ['a'] })).toBeNull();
    expect(pushToken(null)).toBeNull();
  });

  it.each([
    [`callback_type=sync_status&token=${KEY}&awb=1`, 'callback_type=sync_status&token=[redacted]&awb=1'],
    [`token=${KEY}`, 'token=[redacted]'],
    [`{"token":"${KEY}","awb":"1"}`, '{"token":"[redacted]","awb":"1"}'],
    [`{"token" : "a\\"b${KEY}"}`, '{"token" : "[redacted]"}'],
    [`{"token":12345678}`, '{"token":"[redacted]"}'],
    // The same key reached through another spelling of the field name.
    [`tok%65n=${KEY}&awb=1`, 'tok%65n=[redacted]&awb=1'],
    ['callback_type=ndr_status&mytoken=x', 'callback_type=ndr_status&mytoken=x'],
  ])('%s', (raw, expected) => {
    expect(redactPushToken(raw)).toBe(expected);
  });

  it('leaves no trace of the key in a built push', () => {
    for (const encoding of ['form', 'json'] as const) {
      const push = buildStatusPush({ statusCode: 22, shipmentId: '1', token: `${KEY}+/ &` }, { encoding });
      const redacted = redactPushToken(push.body);
      expect(redacted).not.toContain(KEY);
      expect(pushToken(bodyOf(redacted))).toBe('[redacted]');
    }
  });
});

describe('parseICarryPush: status', () => {
  it('normalises a status push (form strings)', () => {
    expect(eventOf({ ...STATUS, client_order_id: 'ORD-7-1', client_name: 'icarry', token: KEY })).toEqual({
      kind: 'status',
      statusCode: '22',
      shipmentId: '249772',
      awb: '142310000249772',
      clientOrderId: 'ORD-7-1',
    });
  });

  it('reads numbers as strings, trims, drops leading zeros, and treats empty strings as absent', () => {
    expect(
      eventOf({ callback_type: ' sync_status ', status: 7, shipment_id: 249772, awb: '  ', client_order_id: '' }),
    ).toEqual({ kind: 'status', statusCode: '7', shipmentId: '249772' });
    expect(eventOf({ callback_type: 'sync_status', status: ' 022 ', awb: 'A1', shipment_id: null })).toEqual({
      kind: 'status',
      statusCode: '22',
      awb: 'A1',
    });
  });

  it.each([
    ['[]', { ...STATUS, status: '[]' }],
    ['null', { ...STATUS, status: 'null' }],
    ['text', { ...STATUS, status: 'In Transit' }],
    ['too long', { ...STATUS, status: '2'.repeat(11) }],
    ['negative', { ...STATUS, status: -1 }],
    ['a list', { ...STATUS, status: [22] }],
    ['an object', { ...STATUS, status: { code: 22 } }],
    ['missing', { callback_type: 'sync_status', shipment_id: '1' }],
    ['empty', { ...STATUS, status: '' }],
  ])('refuses a status that is %s', (_label, body) => {
    expect(failureOf(body)).toMatchObject({ kind: 'status', reason: expect.stringMatching(/^status: /) as string });
  });

  it('needs an id', () => {
    expect(failureOf({ callback_type: 'sync_status', status: '22', awb: '', shipment_id: '  ' })).toEqual({
      ok: false,
      kind: 'status',
      reason: 'shipment_id: a status push needs shipment_id, awb or client_order_id',
    });
  });

  it.each(['awb', 'shipment_id', 'client_order_id'])('caps %s at 64 characters with a clear reason', (key) => {
    expect(eventOf({ ...STATUS, [key]: 'x'.repeat(MAX_PUSH_ID_CHARS) })).toMatchObject({ kind: 'status' });
    expect(failureOf({ ...STATUS, [key]: 'x'.repeat(5_000) })).toEqual({
      ok: false,
      kind: 'status',
      reason: `${key}: must be at most 64 characters (got 5000)`,
    });
  });

  it('refuses ids that are not text or whole numbers', () => {
    expect(failureOf({ ...STATUS, awb: { $gt: '' } }).reason).toBe('awb: must be text or a whole number');
    expect(failureOf({ ...STATUS, shipment_id: true }).reason).toBe('shipment_id: must be text or a whole number');
    expect(failureOf({ ...STATUS, shipment_id: 1.5 }).reason).toBe('shipment_id: must be text or a whole number');
  });
});

describe('parseICarryPush: callback_type', () => {
  it.each([
    [{ status: '22' }, 'nothing'],
    [{ callback_type: 'mystery' }, '"mystery"'],
    [{ callback_type: '__proto__' }, '"__proto__"'],
    [{ callback_type: 'constructor' }, '"constructor"'],
    [{ callback_type: 'toString' }, '"toString"'],
    [{ callback_type: 5 }, 'number'],
    [{ callback_type: ['sync_status'] }, 'object'],
    [JSON.parse('{"callback_type":{"__proto__":{"x":1}}}') as unknown, 'object'],
  ])('refuses %j as unknown', (body, got) => {
    expect(failureOf(body)).toEqual({
      ok: false,
      kind: 'unknown',
      reason: `callback_type must be one of sync_status, ndr_status, new_weight_discrepancy (got ${got})`,
    });
  });

  it.each([null, [], 'sync_status', 42, undefined])('refuses a body that is not an object: %j', (body) => {
    expect(failureOf(body).kind).toBe('unknown');
  });

  it('quotes at most 40 characters of what arrived', () => {
    expect(failureOf({ callback_type: 'x'.repeat(5_000) }).reason.length).toBeLessThan(150);
  });
});

describe('parseICarryPush: NDR', () => {
  const entry = { shipment_id: 249772, awb: '142310000249772', type: 'REATTEMPT-CONTACT', date_added: '23/01/2025' };
  const normalised = {
    shipmentId: '249772',
    awb: '142310000249772',
    reasonCode: 'REATTEMPT-CONTACT',
    reportedOn: '2025-01-23',
    reportedOnText: '23/01/2025',
  };

  it('normalises entries from JSON, from a JSON string and from PHP form fields', () => {
    const expected = { kind: 'ndr', entries: [normalised] };
    expect(eventOf({ callback_type: 'ndr_status', ndr_data: [entry] })).toEqual(expected);
    expect(eventOf({ callback_type: 'ndr_status', ndr_data: JSON.stringify([entry]) })).toEqual(expected);
    expect(
      eventOf(
        bodyOf(
          'callback_type=ndr_status&ndr_data[0][shipment_id]=249772&ndr_data[0][awb]=142310000249772' +
            '&ndr_data[0][type]=REATTEMPT-CONTACT&ndr_data[0][date_added]=23/01/2025',
        ),
      ),
    ).toEqual(expected);
  });

  it('keeps a date it cannot read as text, and no date as nulls', () => {
    expect(
      eventOf({ callback_type: 'ndr_status', ndr_data: [{ awb: 'A1', type: 'REATTEMPT', date_added: '31/02/2025' }] }),
    ).toEqual({
      kind: 'ndr',
      entries: [{ awb: 'A1', reasonCode: 'REATTEMPT', reportedOn: null, reportedOnText: '31/02/2025' }],
    });
    expect(eventOf({ callback_type: 'ndr_status', ndr_data: [{ awb: 'A1', type: 'X', date_added: '' }] })).toEqual({
      kind: 'ndr',
      entries: [{ awb: 'A1', reasonCode: 'X', reportedOn: null, reportedOnText: null }],
    });
  });

  it.each([
    ['no list', { callback_type: 'ndr_status' }, 'ndr_data: must be a list of NDR entries'],
    ['an empty list', { callback_type: 'ndr_status', ndr_data: [] }, 'ndr_data: must hold at least one entry'],
    ['"[]"', { callback_type: 'ndr_status', ndr_data: '[]' }, 'ndr_data: must hold at least one entry'],
    ['"null"', { callback_type: 'ndr_status', ndr_data: 'null' }, 'ndr_data: must be a list of NDR entries'],
    ['a number', { callback_type: 'ndr_status', ndr_data: 5 }, 'ndr_data: must be a list of NDR entries'],
    [
      'too many entries',
      { callback_type: 'ndr_status', ndr_data: Array.from({ length: 501 }, () => entry) },
      'ndr_data: must hold at most 500 entries',
    ],
    [
      'an entry without ids',
      { callback_type: 'ndr_status', ndr_data: [{ type: 'REATTEMPT' }] },
      'ndr_data.0.shipment_id: each ndr_data entry needs shipment_id or awb',
    ],
    [
      'an entry without type',
      { callback_type: 'ndr_status', ndr_data: [entry, { awb: 'A' }] },
      'ndr_data.1.type: is required (an NDR code)',
    ],
    [
      'a long AWB',
      { callback_type: 'ndr_status', ndr_data: [{ ...entry, awb: 'A'.repeat(65) }] },
      'ndr_data.0.awb: must be at most 64 characters (got 65)',
    ],
    [
      'a long shipment id',
      { callback_type: 'ndr_status', ndr_data: [{ ...entry, shipment_id: '9'.repeat(3000) }] },
      'ndr_data.0.shipment_id: must be at most 64 characters (got 3000)',
    ],
    [
      'a long type',
      { callback_type: 'ndr_status', ndr_data: [{ ...entry, type: 'X'.repeat(61) }] },
      'ndr_data.0.type: must be at most 60 characters',
    ],
    [
      'a nested entry',
      { callback_type: 'ndr_status', ndr_data: [[entry]] },
      expect.stringMatching(/^ndr_data\.0: /) as string,
    ],
  ])('refuses %s', (_label, body, reason) => {
    expect(failureOf(body)).toEqual({ ok: false, kind: 'ndr', reason });
  });
});

describe('parseICarryPush: weight', () => {
  const weight = {
    callback_type: 'new_weight_discrepancy',
    shipment_id: '249772',
    awb: '142310000249772',
    status: '22',
    old_weight: '500',
    new_weight: '1200',
    old_dimensions: '10x10x10',
    new_dimensions: '20x15x10',
    token: KEY,
  };

  it('normalises a weight dispute in whole grams', () => {
    expect(eventOf(weight)).toEqual({
      kind: 'weight',
      shipmentId: '249772',
      awb: '142310000249772',
      statusCode: '22',
      oldWeightGrams: 500,
      newWeightGrams: 1200,
      oldDimensions: '10x10x10',
      newDimensions: '20x15x10',
    });
    expect(
      eventOf({ callback_type: 'new_weight_discrepancy', awb: 'A', old_weight: '', new_weight: 1200.4, status: '' }),
    ).toEqual({ kind: 'weight', awb: 'A', newWeightGrams: 1200 });
  });

  it.each([
    [-5, 'new_weight: must be between 0 and 1000000 grams'],
    ['heavy', 'new_weight: must be a number of grams'],
    [null, 'new_weight: is required'],
    ['0', 'new_weight: must be more than 0 grams'],
    ['0.2', 'new_weight: must be more than 0 grams'],
    ['2000000', 'new_weight: must be between 0 and 1000000 grams'],
    [{ g: 1 }, 'new_weight: must be a number of grams'],
  ])('refuses new_weight %j', (newWeight, reason) => {
    expect(failureOf({ ...weight, new_weight: newWeight })).toEqual({ ok: false, kind: 'weight', reason });
  });

  it('needs an id and caps its fields', () => {
    expect(failureOf({ ...weight, shipment_id: '', awb: '' }).reason).toBe(
      'shipment_id: a weight push needs shipment_id or awb',
    );
    expect(failureOf({ ...weight, awb: 'A'.repeat(65) }).reason).toBe('awb: must be at most 64 characters (got 65)');
    expect(failureOf({ ...weight, new_dimensions: 'x'.repeat(61) }).reason).toBe(
      'new_dimensions: must be at most 60 characters (got 61)',
    );
  });
});

describe('pushDedupeKey and pushRefs', () => {
  it('gives repeated pushes the same key and different news a different one', () => {
    const key = (body: unknown) => pushDedupeKey(eventOf(body));
    expect(key(STATUS)).toBe('status:249772:22');
    expect(key({ ...STATUS, status: 22, shipment_id: 249772 })).toBe(key(STATUS));
    expect(key({ ...STATUS, status: '26' })).not.toBe(key(STATUS));
    expect(key({ callback_type: 'sync_status', status: '3', awb: 'A1' })).toBe('status:A1:3');
    expect(key({ callback_type: 'sync_status', status: '3', client_order_id: 'R-1' })).toBe('status:R-1:3');
    expect(
      key({ callback_type: 'new_weight_discrepancy', shipment_id: '1', new_weight: '1200', new_dimensions: '2x2x2' }),
    ).toBe('weight:1:1200:2x2x2');
  });

  it('keys NDR pushes by a SHA-256 of their entries, as the inbox did before', () => {
    const ndr = {
      callback_type: 'ndr_status',
      ndr_data: [
        { shipment_id: 1, awb: 'A', type: 'REATTEMPT', date_added: '23/01/2025' },
        { awb: 'B', type: 'MISROUTE' },
      ],
    };
    const expected = createHash('sha256')
      .update(
        JSON.stringify([
          ['1', 'REATTEMPT', '23/01/2025'],
          ['B', 'MISROUTE', ''],
        ]),
      )
      .digest('hex');
    expect(pushDedupeKey(eventOf(ndr))).toBe(`ndr:${expected}`);
    expect(pushDedupeKey(eventOf({ ...ndr, ndr_data: JSON.stringify(ndr.ndr_data) }))).toBe(`ndr:${expected}`);
  });

  it('names the ids for the inbox columns', () => {
    expect(pushRefs(eventOf({ ...STATUS, client_order_id: 'ORD-1' }))).toEqual({
      shipmentId: '249772',
      awb: '142310000249772',
      clientOrderId: 'ORD-1',
    });
    expect(
      pushRefs(
        eventOf({
          callback_type: 'ndr_status',
          ndr_data: [
            { awb: 'A', type: 'X' },
            { shipment_id: 2, type: 'Y' },
          ],
        }),
      ),
    ).toEqual({ shipmentId: null, awb: 'A', clientOrderId: null });
    expect(pushRefs(eventOf({ callback_type: 'new_weight_discrepancy', shipment_id: 3, new_weight: 5 }))).toEqual({
      shipmentId: '3',
      awb: null,
      clientOrderId: null,
    });
  });
});

describe('building pushes as iCarry sends them', () => {
  it('status: form-encoded with the token, missing values as ""', () => {
    const push = buildStatusPush({
      statusCode: 25,
      shipmentId: '249772',
      awb: null,
      clientOrderId: 'ORD-1',
      token: KEY,
    });
    expect(push.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(push.body))).toEqual({
      client_name: 'icarry',
      callback_type: 'sync_status',
      awb: '',
      status: '25',
      shipment_id: '249772',
      client_order_id: 'ORD-1',
      token: KEY,
    });
    expect(received(push)).toEqual({ kind: 'status', statusCode: '25', shipmentId: '249772', clientOrderId: 'ORD-1' });
    expect(received(buildStatusPush({ statusCode: '21', awb: 'A1' }, { encoding: 'json' }))).toEqual({
      kind: 'status',
      statusCode: '21',
      awb: 'A1',
    });
    expect(buildStatusPush({ statusCode: '21', awb: 'A1' }).body).not.toContain('token');
  });

  it('NDR: JSON with numeric shipment ids and dd/mm/yyyy dates, no token; or a form with ndr_data as a JSON string', () => {
    const input = {
      entries: [
        { shipmentId: '249772', awb: 'A1', reasonCode: 'REATTEMPT-OTP', reportedOn: new Date('2025-01-23T20:00:00Z') },
        { awb: 'B2', reasonCode: 'MISROUTE', reportedOn: '23/01/2025' },
      ],
    };
    const push = buildNdrPush(input);
    expect(push.contentType).toBe('application/json');
    expect(JSON.parse(push.body)).toEqual({
      client_name: 'icarry',
      callback_type: 'ndr_status',
      ndr_data: [
        { shipment_id: 249772, awb: 'A1', type: 'REATTEMPT-OTP', date_added: '24/01/2025' },
        { shipment_id: '', awb: 'B2', type: 'MISROUTE', date_added: '23/01/2025' },
      ],
    });
    const expected = {
      kind: 'ndr',
      entries: [
        {
          shipmentId: '249772',
          awb: 'A1',
          reasonCode: 'REATTEMPT-OTP',
          reportedOn: '2025-01-24',
          reportedOnText: '24/01/2025',
        },
        { awb: 'B2', reasonCode: 'MISROUTE', reportedOn: '2025-01-23', reportedOnText: '23/01/2025' },
      ],
    };
    expect(received(push)).toEqual(expected);
    const form = buildNdrPush(input, { encoding: 'form' });
    expect(form.contentType).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(form.body).get('ndr_data')).toMatch(/^\[\{"shipment_id":249772/);
    expect(received(form)).toEqual(expected);
  });

  it('weight: form-encoded with the token', () => {
    const push = buildWeightPush({
      shipmentId: '249772',
      awb: 'A1',
      statusCode: 1,
      oldWeightGrams: 500,
      newWeightGrams: 1200,
      oldDimensions: '10x10x10',
      newDimensions: '20x15x10',
      token: KEY,
    });
    expect(Object.fromEntries(new URLSearchParams(push.body))).toEqual({
      callback_type: 'new_weight_discrepancy',
      shipment_id: '249772',
      awb: 'A1',
      status: '1',
      old_weight: '500',
      new_weight: '1200',
      old_dimensions: '10x10x10',
      new_dimensions: '20x15x10',
      token: KEY,
    });
    expect(received(push)).toEqual({
      kind: 'weight',
      shipmentId: '249772',
      awb: 'A1',
      statusCode: '1',
      oldWeightGrams: 500,
      newWeightGrams: 1200,
      oldDimensions: '10x10x10',
      newDimensions: '20x15x10',
    });
    expect(received(buildWeightPush({ awb: 'A1', newWeightGrams: 900 }, { encoding: 'json' }))).toEqual({
      kind: 'weight',
      awb: 'A1',
      newWeightGrams: 900,
    });
  });

  it('round-trips random pushes: build -> raw body -> event', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9-]{1,64}$/);
    const encoding = fc.constantFrom('form' as const, 'json' as const);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), id, id, id, encoding, (code, shipmentId, awb, ref, enc) => {
        const push = buildStatusPush(
          { statusCode: code, shipmentId, awb, clientOrderId: ref, token: KEY },
          { encoding: enc },
        );
        expect(received(push)).toEqual({
          kind: 'status',
          statusCode: String(code),
          shipmentId,
          awb,
          clientOrderId: ref,
        });
      }),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            awb: id,
            reasonCode: fc.stringMatching(/^[A-Z-]{1,60}$/),
            day: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
          }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        encoding,
        (entries, enc) => {
          const push = buildNdrPush({ entries: entries.map((e) => ({ ...e, reportedOn: e.day })) }, { encoding: enc });
          const event = received(push);
          expect(event.kind === 'ndr' ? event.entries.map((e) => [e.awb, e.reasonCode]) : []).toEqual(
            entries.map((e) => [e.awb, e.reasonCode]),
          );
          expect(
            event.kind === 'ndr' && event.entries.every((e) => /^\d{4}-\d{2}-\d{2}$/.test(e.reportedOn ?? '')),
          ).toBe(true);
        },
      ),
    );
  });
});

describe('readStoredPushEvent', () => {
  it('reads back every event kind stored as JSON', () => {
    const events = [
      eventOf(STATUS),
      eventOf({ callback_type: 'ndr_status', ndr_data: [{ awb: 'A', type: 'X', date_added: '23/01/2025' }] }),
      eventOf({ callback_type: 'new_weight_discrepancy', awb: 'A', new_weight: 5, old_weight: 4 }),
    ];
    for (const event of events) {
      expect(readStoredPushEvent(JSON.stringify(event))).toEqual(event);
      expect(readStoredPushEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    }
  });

  it.each([null, '', 'x', '{}', { kind: 'status', statusCode: '[]' }, { callback_type: 'sync_status', status: '22' }])(
    'refuses %j',
    (value) => {
      expect(readStoredPushEvent(value)).toBeNull();
    },
  );
});

describe('fuzzed bodies', () => {
  const contentTypes = fc.constantFrom(null, 'application/json', 'application/x-www-form-urlencoded', 'text/plain');

  it('parseICarryWebhookBody and redactPushToken never throw on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), contentTypes, (raw, type) => {
        const parsed = parseICarryWebhookBody(raw, type);
        expect(typeof parsed.ok).toBe('boolean');
        if (parsed.ok) parseICarryPush(parsed.body);
        expect(typeof redactPushToken(raw)).toBe('string');
      }),
      { numRuns: 2_000 },
    );
  });

  it('parseICarryPush never throws, and what it accepts keeps the rules', () => {
    const value = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.integer(),
      fc.constantFrom('', ' ', '[]', 'null', '__proto__', '22', 'x'.repeat(65)),
    );
    const near = fc.record(
      {
        callback_type: fc.constantFrom('sync_status', 'ndr_status', 'new_weight_discrepancy', '__proto__', 'x'),
        status: value,
        awb: value,
        shipment_id: value,
        client_order_id: value,
        new_weight: value,
        old_weight: value,
        ndr_data: fc.oneof(
          value,
          fc.array(fc.dictionary(fc.constantFrom('awb', 'shipment_id', 'type', 'date_added'), value)),
        ),
      },
      { requiredKeys: ['callback_type'] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), near), (body) => {
        const parsed = parseICarryPush(body);
        if (!parsed.ok) {
          expect(parsed.reason.length).toBeGreaterThan(0);
          return;
        }
        const { event } = parsed;
        const ids =
          event.kind === 'ndr'
            ? event.entries.flatMap((e) => [e.shipmentId, e.awb])
            : [event.shipmentId, event.awb, event.kind === 'status' ? event.clientOrderId : undefined];
        expect(ids.every((id) => id === undefined || (id.length > 0 && id.length <= MAX_PUSH_ID_CHARS))).toBe(true);
        if (event.kind === 'status') expect(event.statusCode).toMatch(/^\d{1,10}$/);
        if (event.kind === 'weight')
          expect(Number.isInteger(event.newWeightGrams) && event.newWeightGrams > 0).toBe(true);
        expect(pushDedupeKey(event).length).toBeGreaterThan(0);
        expect(readStoredPushEvent(JSON.stringify(event))).toEqual(event);
      }),
      { numRuns: 3_000 },
    );
  });
});
