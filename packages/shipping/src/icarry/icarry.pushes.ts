import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import type { ICarryPushEvent, ICarryPushKind, ICarryPushParse, PushRefs } from './icarry.push-events';
import { isRecord, safeJson } from './icarry.push-fields';
import { ndrPushSchema, storedNdrEventSchema } from './icarry.push-ndr';
import { statusPushSchema, storedStatusEventSchema } from './icarry.push-status';
import { storedWeightEventSchema, weightPushSchema } from './icarry.push-weight';

/**
 * The pushes iCarry sends to our webhooks, in one place: reading the raw body (form or JSON,
 * whatever the content-type says), the account key in `token` (read, then redacted before
 * storing), parsing every push shape into a normalised camelCase event, and building pushes the
 * way iCarry sends them (the sandbox sends with these). Nothing outside this module (and the
 * icarry.push-* modules behind it) sees `callback_type`, `ndr_data` or iCarry's snake_case.
 *
 * Shapes (reference §5): status `sync_status` (form, with token), weight dispute
 * `new_weight_discrepancy` (form, with token), NDR `ndr_status` (JSON, no token; `ndr_data` may
 * arrive as a JSON string).
 */

// The pushes API, from the modules that do each job: the events (push-events), the raw body
// and its token (push-body), one reader per push kind (push-status, push-ndr, push-weight, on
// the fields of push-fields) and the builders (push-builders). parseICarryPush below is the one
// parser entry point.
export { MAX_PUSH_ID_CHARS } from './icarry.push-fields';
export type {
  ICarryPushKind,
  ICarryStatusPush,
  ICarryNdrEntry,
  ICarryNdrPush,
  ICarryWeightPush,
  ICarryPushEvent,
  ICarryPushParse,
  PushRefs,
} from './icarry.push-events';
export { parseICarryWebhookBody, pushToken, redactPushToken } from './icarry.push-body';
export type { ICarryWebhookBodyParse } from './icarry.push-body';
export { buildStatusPush, buildNdrPush, buildWeightPush } from './icarry.push-builders';
export type {
  BuiltPush,
  PushEncoding,
  PushBuildOptions,
  StatusPushInput,
  NdrPushInput,
  WeightPushInput,
} from './icarry.push-builders';

const CALLBACK_TYPES = {
  sync_status: 'status',
  ndr_status: 'ndr',
  new_weight_discrepancy: 'weight',
} as const satisfies Record<string, ICarryPushKind>;
type CallbackType = keyof typeof CALLBACK_TYPES;

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

const storedEventSchema = z.discriminatedUnion('kind', [
  storedStatusEventSchema,
  storedNdrEventSchema,
  storedWeightEventSchema,
]);

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

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value;
}
