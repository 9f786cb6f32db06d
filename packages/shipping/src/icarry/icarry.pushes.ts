import { containsNul } from '../text';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { formatICarryDay, parseICarryDay } from './icarry.dates';
import { parseBracketedForm } from './icarry.form';

/**
 * The pushes iCarry sends to our webhooks, in one place: reading the raw body (form or JSON,
 * whatever the content-type says), the account key in `token` (read, then redacted before
 * storing), parsing every push shape into a normalised camelCase event, and building pushes the
 * way iCarry sends them (the sandbox sends with these). Nothing outside this module sees
 * `callback_type`, `ndr_data` or iCarry's snake_case.
 *
 * Shapes (reference §5): status `sync_status` (form, with token), weight dispute
 * `new_weight_discrepancy` (form, with token), NDR `ndr_status` (JSON, no token; `ndr_data` may
 * arrive as a JSON string).
 */

/** Ids longer than this are not iCarry's (its ids and AWBs are ~6-20 characters); refused with a reason. */
export const MAX_PUSH_ID_CHARS = 64;
const MAX_NDR_ENTRIES = 500;
const MAX_NDR_CODE_CHARS = 60;
const MAX_DATE_CHARS = 40;
const MAX_DIMENSIONS_CHARS = 60;
const MAX_GRAMS = 1_000_000;
/** A status code is iCarry's number (§4); "[]", "null" or text is malformed input, not an unknown code. */
const STATUS_CODE = /^\d{1,10}$/;

export type ICarryPushKind = 'status' | 'ndr' | 'weight';

export interface ICarryStatusPush {
  kind: 'status';
  /** iCarry's numeric status code as text, without leading zeros ("22"); map it with mapICarryStatus. */
  statusCode: string;
  shipmentId?: string;
  awb?: string;
  clientOrderId?: string;
}

export interface ICarryNdrEntry {
  shipmentId?: string;
  awb?: string;
  /** iCarry's NDR `type` ("REATTEMPT-CONTACT"); an open set, see describeNdr. */
  reasonCode: string;
  /** The day iCarry reported it (IST), yyyy-mm-dd; null when absent or not a real date. */
  reportedOn: string | null;
  /** `date_added` as sent ("23/01/2025"), for notes and dedupe; null when absent. */
  reportedOnText: string | null;
}

export interface ICarryNdrPush {
  kind: 'ndr';
  /** At least one entry, each naming a shipment by id or AWB. */
  entries: ICarryNdrEntry[];
}

export interface ICarryWeightPush {
  kind: 'weight';
  shipmentId?: string;
  awb?: string;
  statusCode?: string;
  oldWeightGrams?: number;
  /** What the courier weighed, in whole grams (more than 0). */
  newWeightGrams: number;
  /** "LxBxH" in cm as iCarry sends it ("20x15x10"). */
  oldDimensions?: string;
  newDimensions?: string;
}

export type ICarryPushEvent = ICarryStatusPush | ICarryNdrPush | ICarryWeightPush;

export type ICarryPushParse =
  { ok: true; event: ICarryPushEvent } | { ok: false; kind: ICarryPushKind | 'unknown'; reason: string };

export type ICarryWebhookBodyParse = { ok: true; body: Record<string, unknown> } | { ok: false; reason: string };

export interface PushRefs {
  shipmentId: string | null;
  awb: string | null;
  clientOrderId: string | null;
}

const CALLBACK_TYPES = {
  sync_status: 'status',
  ndr_status: 'ndr',
  new_weight_discrepancy: 'weight',
} as const satisfies Record<string, ICarryPushKind>;
type CallbackType = keyof typeof CALLBACK_TYPES;

/**
 * Reads a webhook body: JSON when it starts like JSON (or says it is JSON and parses), else
 * urlencoded fields (bracketed names nest, PHP-style). Refuses empty bodies, non-object JSON and NUL characters
 * (PostgreSQL text cannot hold them), with the reason. Never throws.
 */
export function parseICarryWebhookBody(raw: string, contentType: string | null | undefined): ICarryWebhookBodyParse {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty body' };
  // By content first: iCarry's content-type is not to be trusted (form bodies labelled JSON exist).
  const saysJson = (contentType ?? '').toLowerCase().includes('json');
  const json = text.startsWith('{') || text.startsWith('[') || saysJson ? parseJson(text) : NOT_JSON;
  let body: Record<string, unknown>;
  if (json !== NOT_JSON) {
    if (!isRecord(json)) return { ok: false, reason: 'JSON body must be an object' };
    body = json;
  } else if (text.startsWith('{') || text.startsWith('[')) {
    return { ok: false, reason: 'body is not valid JSON' };
  } else {
    body = parseBracketedForm(text, { maxFields: 1_000 });
    if (Object.keys(body).length === 0) return { ok: false, reason: 'body has no fields' };
  }
  if (containsNul(body)) return { ok: false, reason: 'body contains NUL characters' };
  return { ok: true, body };
}

/** The `token` a status or weight push carries (the account API key); null when there is none. */
export function pushToken(body: unknown): string | null {
  if (!isRecord(body)) return null;
  const token = body.token;
  return typeof token === 'string' && token !== '' ? token : null;
}

/**
 * The raw body as it may be stored: the `token` value (the account API key) replaced by
 * "[redacted]" in form and JSON bodies, wherever and however encoded it appears.
 */
export function redactPushToken(raw: string): string {
  let out = raw
    .replace(/(^|&)(token=)[^&]*/g, '$1$2[redacted]')
    .replace(/("token"\s*:\s*)("(?:[^"\\]|\\.)*"|-?[\w.+-]+)/g, '$1"[redacted]"');
  // A token reached through another spelling (percent-encoded name, nested JSON) goes too.
  const parsed = parseICarryWebhookBody(raw, null);
  const token = parsed.ok ? pushToken(parsed.body) : null;
  if (token !== null && token.length >= 4) {
    const spellings = new Set([
      token,
      encodeURIComponent(token),
      new URLSearchParams({ t: token }).toString().slice(2),
      JSON.stringify(token).slice(1, -1),
    ]);
    for (const spelling of spellings) out = out.split(spelling).join('[redacted]');
  }
  return out;
}

/**
 * Decides what a push is and validates it into a normalised event. On failure, `kind` says what
 * it claimed to be and `reason` what is wrong (for the sender's 4xx and the inbox). Never throws,
 * whatever `body` holds (deep nesting, `__proto__`, numbers as strings).
 */
export function parseICarryPush(body: unknown): ICarryPushParse {
  if (!isRecord(body)) {
    return { ok: false, kind: 'unknown', reason: `a push must be an object of fields (got ${describeType(body)})` };
  }
  const type = body.callback_type;
  const trimmed = typeof type === 'string' ? type.trim() : null;
  // Own keys only: "__proto__" or "constructor" must not find Object.prototype's members.
  if (trimmed === null || !Object.hasOwn(CALLBACK_TYPES, trimmed)) {
    // Only a string is quoted back: stringifying whatever arrived can overflow the stack.
    const got =
      typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : type === undefined ? 'nothing' : typeof type;
    return {
      ok: false,
      kind: 'unknown',
      reason: `callback_type must be one of ${Object.keys(CALLBACK_TYPES).join(', ')} (got ${got})`,
    };
  }
  const kind = CALLBACK_TYPES[trimmed as CallbackType];
  const schema = kind === 'status' ? statusPushSchema : kind === 'ndr' ? ndrPushSchema : weightPushSchema;
  const result = schema.safeParse(body);
  if (!result.success) {
    const reason = result.error.issues
      .slice(0, 10)
      .map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`)
      .join('; ');
    return { ok: false, kind, reason };
  }
  return { ok: true, event: result.data };
}

/**
 * Re-reads an event stored as JSON (an inbox `payload` written from a parsed event): the same
 * event, or null when the value is not one.
 */
export function readStoredPushEvent(value: unknown): ICarryPushEvent | null {
  const parsed = storedEventSchema.safeParse(typeof value === 'string' ? safeJson(value) : value);
  return parsed.success ? parsed.data : null;
}

/**
 * A key that is equal for pushes that report the same thing (iCarry may repeat a push): status
 * by shipment and code, NDR by its entries, weight by shipment, weight and dimensions.
 */
export function pushDedupeKey(event: ICarryPushEvent): string {
  switch (event.kind) {
    case 'status':
      return `status:${event.shipmentId ?? event.awb ?? event.clientOrderId ?? ''}:${event.statusCode}`;
    case 'ndr': {
      const entries = event.entries.map((e) => [e.shipmentId ?? e.awb, e.reasonCode, e.reportedOnText ?? '']);
      return `ndr:${bytesToHex(sha256(utf8ToBytes(JSON.stringify(entries))))}`;
    }
    case 'weight':
      return `weight:${event.shipmentId ?? event.awb ?? ''}:${event.newWeightGrams}:${event.newDimensions ?? ''}`;
  }
}

/** The ids a push names (for the inbox columns); for NDR, its first entry's. */
export function pushRefs(event: ICarryPushEvent): PushRefs {
  if (event.kind === 'ndr') {
    const first = event.entries[0];
    return { shipmentId: first?.shipmentId ?? null, awb: first?.awb ?? null, clientOrderId: null };
  }
  return {
    shipmentId: event.shipmentId ?? null,
    awb: event.awb ?? null,
    clientOrderId: event.kind === 'status' ? (event.clientOrderId ?? null) : null,
  };
}

export type PushEncoding = 'form' | 'json';

export interface BuiltPush {
  kind: ICarryPushKind;
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
  /** Exactly what to POST. */
  body: string;
  /** The fields, as iCarry names them. */
  payload: Record<string, unknown>;
}

export interface PushBuildOptions {
  /** Default: what iCarry uses (form for status and weight, JSON for NDR). Form NDR pushes carry `ndr_data` as a JSON string. */
  encoding?: PushEncoding;
}

export interface StatusPushInput {
  statusCode: string | number;
  shipmentId?: string | null;
  awb?: string | null;
  clientOrderId?: string | null;
  /** The account API key iCarry puts in `token`; omitted when null or absent. */
  token?: string | null;
}

export interface NdrPushInput {
  entries: {
    shipmentId?: string | number | null;
    awb?: string | null;
    reasonCode: string;
    /** A Date is sent as iCarry's dd/mm/yyyy (IST); a string as is. */
    reportedOn: Date | string;
  }[];
}

export interface WeightPushInput {
  shipmentId?: string | null;
  awb?: string | null;
  statusCode?: string | number | null;
  oldWeightGrams?: number | null;
  newWeightGrams: number;
  oldDimensions?: string | null;
  newDimensions?: string | null;
  token?: string | null;
}

/** A status push as iCarry sends it: form fields, missing values as "", the account key in `token`. */
export function buildStatusPush(input: StatusPushInput, options: PushBuildOptions = {}): BuiltPush {
  const payload: Record<string, string> = {
    client_name: 'icarry',
    callback_type: 'sync_status',
    awb: input.awb ?? '',
    status: String(input.statusCode),
    shipment_id: input.shipmentId ?? '',
    client_order_id: input.clientOrderId ?? '',
  };
  if (input.token !== undefined && input.token !== null) payload.token = input.token;
  return encodePush('status', payload, options.encoding ?? 'form');
}

/** An NDR push as iCarry sends it: JSON, numeric shipment ids, dd/mm/yyyy dates, no token. */
export function buildNdrPush(input: NdrPushInput, options: PushBuildOptions = {}): BuiltPush {
  const ndrData = input.entries.map((entry) => ({
    shipment_id:
      typeof entry.shipmentId === 'string' && /^\d{1,15}$/.test(entry.shipmentId)
        ? Number(entry.shipmentId)
        : (entry.shipmentId ?? ''),
    awb: entry.awb ?? '',
    type: entry.reasonCode,
    date_added: entry.reportedOn instanceof Date ? formatICarryDay(entry.reportedOn) : entry.reportedOn,
  }));
  const encoding = options.encoding ?? 'json';
  const payload: Record<string, unknown> = { client_name: 'icarry', callback_type: 'ndr_status', ndr_data: ndrData };
  if (encoding === 'json') return encodePush('ndr', payload, 'json');
  return encodePush('ndr', { ...payload, ndr_data: JSON.stringify(ndrData) }, 'form');
}

/** A weight-dispute push as iCarry sends it: form fields in grams, the account key in `token`. */
export function buildWeightPush(input: WeightPushInput, options: PushBuildOptions = {}): BuiltPush {
  const payload: Record<string, string> = {
    callback_type: 'new_weight_discrepancy',
    shipment_id: input.shipmentId ?? '',
    awb: input.awb ?? '',
    status: input.statusCode === undefined || input.statusCode === null ? '' : String(input.statusCode),
    old_weight: input.oldWeightGrams === undefined || input.oldWeightGrams === null ? '' : String(input.oldWeightGrams),
    new_weight: String(input.newWeightGrams),
    old_dimensions: input.oldDimensions ?? '',
    new_dimensions: input.newDimensions ?? '',
  };
  if (input.token !== undefined && input.token !== null) payload.token = input.token;
  return encodePush('weight', payload, options.encoding ?? 'form');
}

function encodePush(kind: ICarryPushKind, payload: Record<string, unknown>, encoding: PushEncoding): BuiltPush {
  if (encoding === 'json') return { kind, contentType: 'application/json', body: JSON.stringify(payload), payload };
  const fields = Object.entries(payload).map(([key, value]): [string, string] => [
    key,
    typeof value === 'string' ? value : JSON.stringify(value),
  ]);
  return {
    kind,
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams(fields).toString(),
    payload,
  };
}

type Read<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A zod field whose reading and message are ours; it never walks into the value (deep bodies).
 * `.optional()` first, so a missing key reaches `read` as undefined and gets our message.
 */
function field<T>(read: (value: unknown) => Read<T>) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): T => {
      const result = read(value);
      if (result.ok) return result.value;
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    });
}

/** Text of a string or whole number, trimmed; '' for null/undefined; null for anything else. */
function scalarText(value: unknown): string | null {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}

/** An optional id (awb, shipment_id, client_order_id): text or a number; empty = absent; capped. */
const optionalId = field((value): Read<string | undefined> => {
  const text = scalarText(value);
  if (text === null) return { ok: false, message: 'must be text or a whole number' };
  if (text.length > MAX_PUSH_ID_CHARS)
    return { ok: false, message: `must be at most ${MAX_PUSH_ID_CHARS} characters (got ${text.length})` };
  return { ok: true, value: text === '' ? undefined : text };
});

const statusCode = field((value): Read<string> => {
  const text = scalarText(value);
  if (text === '') return { ok: false, message: 'is required' };
  if (text === null || !STATUS_CODE.test(text)) return { ok: false, message: "must be iCarry's numeric status code" };
  return { ok: true, value: String(Number(text)) };
});

function optionalText(max: number) {
  return field((value): Read<string | undefined> => {
    if (value === null || value === undefined) return { ok: true, value: undefined };
    if (typeof value !== 'string') return { ok: false, message: 'must be text' };
    const text = value.trim();
    if (text.length > max) return { ok: false, message: `must be at most ${max} characters (got ${text.length})` };
    return { ok: true, value: text === '' ? undefined : text };
  });
}

function readGrams(value: unknown): Read<number | undefined> {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === ''))
    return { ok: true, value: undefined };
  let grams: number;
  if (typeof value === 'number') grams = value;
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) grams = Number(value.trim());
  else return { ok: false, message: 'must be a number of grams' };
  if (!Number.isFinite(grams) || grams < 0 || grams > MAX_GRAMS)
    return { ok: false, message: `must be between 0 and ${MAX_GRAMS} grams` };
  return { ok: true, value: Math.round(grams) };
}

const optionalGrams = field(readGrams);
const requiredGrams = field((value): Read<number> => {
  const read = readGrams(value);
  if (!read.ok) return read;
  if (read.value === undefined) return { ok: false, message: 'is required' };
  if (read.value <= 0) return { ok: false, message: 'must be more than 0 grams' };
  return { ok: true, value: read.value };
});

/** `ndr_data`: a list, a JSON string of one (form bodies), or PHP-style `ndr_data[0][...]` fields. */
const ndrList = field((value): Read<unknown[]> => {
  let list: unknown = value;
  if (typeof list === 'string') list = safeJson(list);
  if (isRecord(list) && Object.keys(list).every((key) => /^\d{1,4}$/.test(key))) list = Object.values(list);
  if (!Array.isArray(list)) return { ok: false, message: 'must be a list of NDR entries' };
  if (list.length === 0) return { ok: false, message: 'must hold at least one entry' };
  if (list.length > MAX_NDR_ENTRIES) return { ok: false, message: `must hold at most ${MAX_NDR_ENTRIES} entries` };
  return { ok: true, value: list as unknown[] };
});

const reasonCode = field((value): Read<string> => {
  if (typeof value !== 'string' || value.trim() === '') return { ok: false, message: 'is required (an NDR code)' };
  const text = value.trim();
  if (text.length > MAX_NDR_CODE_CHARS)
    return { ok: false, message: `must be at most ${MAX_NDR_CODE_CHARS} characters` };
  return { ok: true, value: text };
});

const statusPushSchema = z
  .object({
    status: statusCode,
    awb: optionalId,
    shipment_id: optionalId,
    client_order_id: optionalId,
  })
  .refine((p) => p.awb !== undefined || p.shipment_id !== undefined || p.client_order_id !== undefined, {
    message: 'a status push needs shipment_id, awb or client_order_id',
    path: ['shipment_id'],
  })
  .transform((p): ICarryStatusPush =>
    compact({
      kind: 'status',
      statusCode: p.status,
      shipmentId: p.shipment_id,
      awb: p.awb,
      clientOrderId: p.client_order_id,
    }),
  );

const ndrEntrySchema = z
  .object({
    shipment_id: optionalId,
    awb: optionalId,
    type: reasonCode,
    date_added: optionalText(MAX_DATE_CHARS),
  })
  .refine((e) => e.shipment_id !== undefined || e.awb !== undefined, {
    message: 'each ndr_data entry needs shipment_id or awb',
    path: ['shipment_id'],
  })
  .transform((e): ICarryNdrEntry =>
    compact({
      shipmentId: e.shipment_id,
      awb: e.awb,
      reasonCode: e.type,
      reportedOn: parseICarryDay(e.date_added),
      reportedOnText: e.date_added ?? null,
    }),
  );

const ndrPushSchema = z
  .object({ ndr_data: ndrList.pipe(z.array(ndrEntrySchema)) })
  .transform((p): ICarryNdrPush => ({ kind: 'ndr', entries: p.ndr_data }));

const weightPushSchema = z
  .object({
    shipment_id: optionalId,
    awb: optionalId,
    status: optionalId,
    old_weight: optionalGrams,
    new_weight: requiredGrams,
    old_dimensions: optionalText(MAX_DIMENSIONS_CHARS),
    new_dimensions: optionalText(MAX_DIMENSIONS_CHARS),
  })
  .refine((p) => p.shipment_id !== undefined || p.awb !== undefined, {
    message: 'a weight push needs shipment_id or awb',
    path: ['shipment_id'],
  })
  .transform((p): ICarryWeightPush =>
    compact({
      kind: 'weight',
      shipmentId: p.shipment_id,
      awb: p.awb,
      statusCode: p.status,
      oldWeightGrams: p.old_weight,
      newWeightGrams: p.new_weight,
      oldDimensions: p.old_dimensions,
      newDimensions: p.new_dimensions,
    }),
  );

const storedId = z.string().min(1).max(MAX_PUSH_ID_CHARS).optional();
const storedEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status'),
    statusCode: z.string().regex(STATUS_CODE),
    shipmentId: storedId,
    awb: storedId,
    clientOrderId: storedId,
  }),
  z.object({
    kind: z.literal('ndr'),
    entries: z
      .array(
        z.object({
          shipmentId: storedId,
          awb: storedId,
          reasonCode: z.string().min(1).max(MAX_NDR_CODE_CHARS),
          reportedOn: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .nullable(),
          reportedOnText: z.string().max(MAX_DATE_CHARS).nullable(),
        }),
      )
      .min(1)
      .max(MAX_NDR_ENTRIES),
  }),
  z.object({
    kind: z.literal('weight'),
    shipmentId: storedId,
    awb: storedId,
    statusCode: storedId,
    oldWeightGrams: z.number().int().nonnegative().optional(),
    newWeightGrams: z.number().int().positive(),
    oldDimensions: z.string().max(MAX_DIMENSIONS_CHARS).optional(),
    newDimensions: z.string().max(MAX_DIMENSIONS_CHARS).optional(),
  }),
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Drops undefined properties, so events compare and serialise the same however they were made. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
