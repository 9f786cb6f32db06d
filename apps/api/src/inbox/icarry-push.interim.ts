// Interim: iCarry's push format until packages/shipping exports its one parser (issue 11). The rest
// of the API sees only the normalised ICarryPushEvent below.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { containsNul } from '../security/nul';

export type ICarryPushEvent =
  | { kind: 'status'; statusCode: string; awb?: string; shipmentId?: string; clientOrderId?: string }
  | {
      kind: 'ndr';
      entries: {
        shipmentId?: string;
        awb?: string;
        reasonCode: string;
        reportedOn: string | null;
        reportedOnText: string | null;
      }[];
    }
  | {
      kind: 'weight';
      shipmentId?: string;
      awb?: string;
      statusCode?: string;
      oldWeightGrams?: number;
      newWeightGrams: number;
      oldDimensions?: string;
      newDimensions?: string;
    };

export type PushKind = ICarryPushEvent['kind'] | 'unknown';

const idText = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((v) => v.length <= 64, 'must be at most 64 characters');
const optionalIdText = idText.optional().transform((v) => (v ? v : undefined));

const statusPushSchema = z
  .object({
    callback_type: z.literal('sync_status'),
    status: idText.refine((v) => /^\d{1,10}$/.test(v), "status must be iCarry's numeric status code"),
    awb: optionalIdText,
    shipment_id: optionalIdText,
    client_order_id: optionalIdText,
  })
  .refine((p) => p.awb || p.shipment_id || p.client_order_id, {
    message: 'a status push needs shipment_id, awb or client_order_id',
    path: ['shipment_id'],
  });

const ndrEntrySchema = z
  .object({
    shipment_id: optionalIdText,
    awb: optionalIdText,
    type: z.string().trim().min(1).max(60),
    date_added: z.string().trim().max(40).optional(),
  })
  .refine((e) => e.shipment_id || e.awb, {
    message: 'each ndr_data entry needs shipment_id or awb',
    path: ['shipment_id'],
  });

const ndrPushSchema = z.object({
  callback_type: z.literal('ndr_status'),
  ndr_data: z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  }, z.array(ndrEntrySchema).min(1).max(500)),
});

const grams = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, 'must be a number of grams'),
  ])
  .transform(Number)
  .pipe(z.number().nonnegative().max(1_000_000));

const weightPushSchema = z
  .object({
    callback_type: z.literal('new_weight_discrepancy'),
    shipment_id: optionalIdText,
    awb: optionalIdText,
    status: optionalIdText,
    old_weight: z.preprocess((v) => (v === '' || v === null ? undefined : v), grams.optional()),
    new_weight: grams.refine((g) => g > 0, 'new_weight must be more than 0 grams'),
    old_dimensions: z.string().max(60).optional(),
    new_dimensions: z.string().max(60).optional(),
  })
  .refine((p) => p.shipment_id || p.awb, { message: 'a weight push needs shipment_id or awb', path: ['shipment_id'] });

/** dd/mm/yyyy -> yyyy-mm-dd, or null when it is not a real date. */
function parseDay(text: string | undefined): string | null {
  const m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec((text ?? '').trim());
  if (!m) return null;
  const [, d, mo, y] = m;
  const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Decides what a push is and validates it; the reason says what is wrong, for the sender and the inbox. */
export function parseICarryPush(
  body: unknown,
): { ok: true; event: ICarryPushEvent } | { ok: false; kind: PushKind; reason: string } {
  const type = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).callback_type : undefined;
  const kinds = { sync_status: 'status', ndr_status: 'ndr', new_weight_discrepancy: 'weight' } as const;
  const kind = typeof type === 'string' && Object.hasOwn(kinds, type) ? kinds[type as keyof typeof kinds] : undefined;
  const got =
    typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : type === undefined ? 'nothing' : typeof type;
  if (!kind) {
    return {
      ok: false,
      kind: 'unknown',
      reason: `callback_type must be one of sync_status, ndr_status, new_weight_discrepancy (got ${got})`,
    };
  }
  const describe = (error: z.ZodError) =>
    error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  if (kind === 'status') {
    const r = statusPushSchema.safeParse(body);
    if (!r.success) return { ok: false, kind, reason: describe(r.error) };
    return {
      ok: true,
      event: defined({
        kind,
        statusCode: r.data.status,
        awb: r.data.awb,
        shipmentId: r.data.shipment_id,
        clientOrderId: r.data.client_order_id,
      }),
    };
  }
  if (kind === 'ndr') {
    const r = ndrPushSchema.safeParse(body);
    if (!r.success) return { ok: false, kind, reason: describe(r.error) };
    return {
      ok: true,
      event: {
        kind,
        entries: r.data.ndr_data.map((e) =>
          defined({
            shipmentId: e.shipment_id,
            awb: e.awb,
            reasonCode: e.type,
            reportedOn: parseDay(e.date_added),
            reportedOnText: e.date_added ?? null,
          }),
        ),
      },
    };
  }
  const r = weightPushSchema.safeParse(body);
  if (!r.success) return { ok: false, kind, reason: describe(r.error) };
  return {
    ok: true,
    event: defined({
      kind,
      shipmentId: r.data.shipment_id,
      awb: r.data.awb,
      statusCode: r.data.status,
      oldWeightGrams: r.data.old_weight,
      newWeightGrams: r.data.new_weight,
      oldDimensions: r.data.old_dimensions,
      newDimensions: r.data.new_dimensions,
    }),
  };
}

export function pushDedupeKey(event: ICarryPushEvent): string {
  switch (event.kind) {
    case 'status':
      return `status:${event.shipmentId ?? event.awb ?? event.clientOrderId ?? ''}:${event.statusCode}`;
    case 'ndr': {
      const key = JSON.stringify(
        event.entries.map((e) => [e.shipmentId ?? e.awb, e.reasonCode, e.reportedOnText ?? '']),
      );
      return `ndr:${createHash('sha256').update(key).digest('hex')}`;
    }
    case 'weight':
      return `weight:${event.shipmentId ?? event.awb ?? ''}:${event.newWeightGrams}:${event.newDimensions ?? ''}`;
  }
}

/** The ids a stored push is looked up by (the first NDR entry's, for NDR pushes). */
export function pushRefs(event: ICarryPushEvent): {
  shipmentId: string | null;
  awb: string | null;
  clientOrderId: string | null;
} {
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

/** Parses what iCarry sends: JSON or urlencoded (flat fields; ndr_data may be a JSON string), whatever the content-type claims. */
export function parseICarryWebhookBody(
  raw: string,
  contentType: string | null,
): { ok: true; body: Record<string, unknown> } | { ok: false; reason: string } {
  const text = raw.trim();
  if (!text) return { ok: false, reason: 'empty body' };
  const looksJson = text.startsWith('{') || (contentType ?? '').includes('json');
  let body: Record<string, unknown>;
  if (looksJson) {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return { ok: false, reason: 'JSON body must be an object' };
      }
      body = value as Record<string, unknown>;
    } catch {
      return { ok: false, reason: 'body is not valid JSON' };
    }
  } else {
    body = {};
    for (const [key, value] of new URLSearchParams(text)) body[key] = value;
    if (Object.keys(body).length === 0) return { ok: false, reason: 'body has no fields' };
  }
  if (containsNul(body)) return { ok: false, reason: 'body contains NUL characters' };
  return { ok: true, body };
}

/** The account key iCarry puts in `token` (status and weight pushes). */
export function pushToken(body: Record<string, unknown> | null): string | null {
  return body && typeof body.token === 'string' ? body.token : null;
}

/** The raw body as stored: the account key in `token` never lands in the database. */
export function redactPushToken(raw: string): string {
  return raw.replace(/(^|&)token=[^&]*/g, '$1token=[redacted]').replace(/("token"\s*:\s*)"[^"]*"/g, '$1"[redacted]"');
}

const id = z.string().min(1).max(64);
const storedEventSchema: z.ZodType<ICarryPushEvent> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status'),
    statusCode: z.string().regex(/^\d{1,10}$/),
    awb: id.optional(),
    shipmentId: id.optional(),
    clientOrderId: id.optional(),
  }),
  z.object({
    kind: z.literal('ndr'),
    entries: z
      .array(
        z.object({
          shipmentId: id.optional(),
          awb: id.optional(),
          reasonCode: z.string().min(1).max(60),
          reportedOn: z.string().nullable(),
          reportedOnText: z.string().nullable(),
        }),
      )
      .min(1),
  }),
  z.object({
    kind: z.literal('weight'),
    shipmentId: id.optional(),
    awb: id.optional(),
    statusCode: z.string().optional(),
    oldWeightGrams: z.number().optional(),
    newWeightGrams: z.number().positive(),
    oldDimensions: z.string().optional(),
    newDimensions: z.string().optional(),
  }),
]);

/**
 * Reads an event back from the inbox: rows store the normalised event; rows stored before that
 * hold iCarry's own fields and go through the parser again.
 */
export function readStoredPushEvent(
  payload: unknown,
): { ok: true; event: ICarryPushEvent } | { ok: false; reason: string } {
  const stored = storedEventSchema.safeParse(payload);
  if (stored.success) return { ok: true, event: stored.data };
  const parsed = parseICarryPush(payload);
  return parsed.ok ? parsed : { ok: false, reason: parsed.reason };
}
