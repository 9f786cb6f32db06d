import type { DB, InboxKind, InboxOutcome, Shipment } from '@app/db';
import { describeNdr } from '@app/shipping';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { JOBS } from '../jobs/queue';
import { sha256 } from '../security/tokens';
import { enqueueNdrAlert } from './notification.service';
import { settleBooked } from './shipping.service';
import { advanceOrder, applyCarrierStatus, lockShipment } from './status.service';

const idText = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const optionalIdText = idText.optional().transform((v) => (v ? v : undefined));

export const statusPushSchema = z
  .object({
    callback_type: z.literal('sync_status'),
    // Digits only: "[]" or "null" is malformed input (422, kept in the inbox), not an unknown iCarry code to flag a shipment with.
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

export const ndrPushSchema = z.object({
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

/** Grams as iCarry sends them: a number or a numeric string. (z.coerce.number read null, '' and false as 0 g.) */
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

export const weightPushSchema = z
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

export type ParsedPush =
  | { kind: 'status'; data: z.infer<typeof statusPushSchema> }
  | { kind: 'ndr'; data: z.infer<typeof ndrPushSchema> }
  | { kind: 'weight'; data: z.infer<typeof weightPushSchema> };

/** Decides what a push is and validates it; the error says what is wrong, for the sender and the inbox. */
export function parsePush(
  body: unknown,
): { ok: true; push: ParsedPush } | { ok: false; kind: InboxKind; reason: string } {
  const type = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).callback_type : undefined;
  const schemas = {
    sync_status: ['status', statusPushSchema],
    ndr_status: ['ndr', ndrPushSchema],
    new_weight_discrepancy: ['weight', weightPushSchema],
  } as const;
  // Own keys only: "__proto__" or "constructor" must not find Object.prototype's members.
  const entry =
    typeof type === 'string' && Object.hasOwn(schemas, type) ? schemas[type as keyof typeof schemas] : undefined;
  // Only a string is quoted back: stringifying whatever arrived can overflow the stack on a deeply nested value.
  const got =
    typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : type === undefined ? 'nothing' : typeof type;
  if (!entry)
    return {
      ok: false,
      kind: 'unknown',
      reason: `callback_type must be one of sync_status, ndr_status, new_weight_discrepancy (got ${got})`,
    };
  const [kind, schema] = entry;
  const result = schema.safeParse(body);
  if (!result.success) {
    const reason = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    return { ok: false, kind, reason };
  }
  return { ok: true, push: { kind, data: result.data } as ParsedPush };
}

export function dedupeKeyOf(push: ParsedPush): string {
  switch (push.kind) {
    case 'status':
      return `status:${push.data.shipment_id ?? push.data.awb ?? push.data.client_order_id}:${push.data.status}`;
    case 'ndr':
      return `ndr:${sha256(JSON.stringify(push.data.ndr_data.map((e) => [e.shipment_id ?? e.awb, e.type, e.date_added ?? ''])))}`;
    case 'weight':
      return `weight:${push.data.shipment_id ?? push.data.awb}:${push.data.new_weight}:${push.data.new_dimensions ?? ''}`;
  }
}

/** dd/mm/yyyy -> yyyy-mm-dd, or null when it is not a real date. */
export function parseIcarryDate(text: string | undefined): string | null {
  const m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec((text ?? '').trim());
  if (!m) return null;
  const [, d, mo, y] = m;
  const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

export interface StoredPush {
  id: string;
  outcome: InboxOutcome;
  reason: string | null;
}

/** Stores the push as received (credentials redacted) before anything acts on it. */
export async function storePush(
  deps: AppDeps,
  input: { rawBody: string; contentType: string | null; headers: Record<string, string>; body: unknown },
): Promise<StoredPush & { parsed: ParsedPush | null }> {
  const parsed = parsePush(input.body);
  const push = parsed.ok ? parsed.push : null;
  const ids = push ? pushIds(push) : { providerShipmentId: null, awb: null };
  const row = await deps.db
    .insertInto('webhook_inbox')
    .values({
      kind: parsed.ok ? parsed.push.kind : parsed.kind,
      received_at: deps.clock.now(),
      content_type: input.contentType,
      headers: JSON.stringify(input.headers),
      // PostgreSQL text cannot hold NUL: keep the body readable with NULs written out.
      raw_body: input.rawBody.replaceAll('\u0000', '\\u0000'),
      payload: push ? JSON.stringify(push.data) : null,
      dedupe_key: push ? dedupeKeyOf(push) : null,
      awb: ids.awb,
      provider_shipment_id: ids.providerShipmentId,
      outcome: parsed.ok ? 'pending' : 'rejected',
      outcome_detail: parsed.ok ? null : parsed.reason,
      processed_at: parsed.ok ? null : deps.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    outcome: parsed.ok ? 'pending' : 'rejected',
    reason: parsed.ok ? null : parsed.reason,
    parsed: push,
  };
}

function pushIds(push: ParsedPush): { providerShipmentId: string | null; awb: string | null } {
  if (push.kind === 'ndr') {
    const first = push.data.ndr_data[0];
    return { providerShipmentId: first?.shipment_id ?? null, awb: first?.awb ?? null };
  }
  return { providerShipmentId: push.data.shipment_id ?? null, awb: push.data.awb ?? null };
}

async function findShipmentFor(
  tx: Kysely<DB>,
  ref: { shipmentId?: string | undefined; awb?: string | undefined; clientRef?: string | undefined },
): Promise<Shipment | undefined> {
  if (ref.shipmentId) {
    const s = await tx
      .selectFrom('shipments')
      .selectAll()
      .where('provider', '=', 'icarry')
      .where('provider_shipment_id', '=', ref.shipmentId)
      .forUpdate()
      .executeTakeFirst();
    if (s) return s;
  }
  if (ref.awb) {
    const s = await tx
      .selectFrom('shipments')
      .selectAll()
      .where('awb', '=', ref.awb)
      .where('booking_state', '<>', 'void')
      .forUpdate()
      .executeTakeFirst();
    if (s) return s;
  }
  if (ref.clientRef) {
    return tx
      .selectFrom('shipments')
      .selectAll()
      .where('client_ref', '=', ref.clientRef)
      .forUpdate()
      .executeTakeFirst();
  }
  return undefined;
}

interface ApplyResult {
  outcome: InboxOutcome;
  detail: string | null;
  orderId: string | null;
  shipmentId: string | null;
}

async function applyStatusPush(
  deps: AppDeps,
  tx: Kysely<DB>,
  inboxId: string,
  dedupeKey: string | null,
  data: z.infer<typeof statusPushSchema>,
): Promise<ApplyResult> {
  let shipment = await findShipmentFor(tx, {
    shipmentId: data.shipment_id,
    awb: data.awb,
    clientRef: data.client_order_id,
  });
  if (!shipment)
    return {
      outcome: 'deferred',
      detail: 'no shipment with this shipment_id/awb yet; kept until it appears',
      orderId: null,
      shipmentId: null,
    };
  const refs = { orderId: shipment.order_id, shipmentId: shipment.id };
  if (shipment.booking_state === 'booking')
    return { outcome: 'deferred', detail: 'the booking response has not arrived yet', ...refs };
  if (shipment.booking_state === 'unknown') {
    if (!data.shipment_id)
      return { outcome: 'deferred', detail: 'booking outcome unknown and the push has no shipment_id', ...refs };
    // iCarry is telling us the booking we could not confirm exists: adopt it.
    await settleBooked(
      deps,
      tx,
      shipment,
      {
        shipmentId: data.shipment_id,
        awb: data.awb ?? null,
        courierId: null,
        courierName: null,
        trackingUrl: null,
        costPaise: null,
      },
      'booking',
    );
    deps.logger.info({ shipmentId: shipment.id }, '[WEBHOOK] push confirmed a booking whose outcome was unknown');
    shipment = await lockShipment(tx, shipment.id);
    if (!shipment) return { outcome: 'failed', detail: 'shipment vanished', ...refs };
  }
  if (shipment.booking_state !== 'booked')
    return { outcome: 'stale', detail: `shipment is ${shipment.booking_state}; push recorded only`, ...refs };
  if (!shipment.awb && data.awb) {
    await tx
      .updateTable('shipments')
      .set({ awb: data.awb, needs_review: false, review_reason: null, updated_at: deps.clock.now() })
      .where('id', '=', shipment.id)
      .execute();
    await tx
      .insertInto('status_history')
      .values({
        order_id: shipment.order_id,
        shipment_id: shipment.id,
        source: 'webhook',
        applied: true,
        recorded_at: deps.clock.now(),
        description: `Tracking number ${data.awb} assigned`,
        inbox_id: inboxId,
      })
      .execute();
    shipment = { ...shipment, awb: data.awb };
    // A shipment saved without a courier left the order in Processing; now it has left.
    if (shipment.status === null) {
      await advanceOrder(deps, tx, {
        orderId: shipment.order_id,
        to: 'shipped',
        shipmentId: shipment.id,
        source: 'webhook',
        description: `Shipped, tracking number ${data.awb}`,
        inboxId,
      });
    }
  }
  const seen = dedupeKey
    ? await tx
        .selectFrom('webhook_inbox')
        .select('id')
        .where('dedupe_key', '=', dedupeKey)
        .where('id', '<>', inboxId)
        .where('outcome', 'in', ['applied', 'stale', 'review', 'duplicate'])
        .executeTakeFirst()
    : undefined;
  const outcome = await applyCarrierStatus(deps, tx, shipment, {
    source: 'webhook',
    carrierCode: data.status,
    inboxId,
  });
  if (outcome === 'applied')
    await deps.queue.send(
      tx,
      JOBS.trackShipment,
      { shipmentId: shipment.id },
      { singletonKey: `track:${shipment.id}`, startAfter: 5 },
    );
  return { outcome: seen && outcome !== 'applied' ? 'duplicate' : outcome, detail: null, ...refs };
}

async function applyNdrPush(
  deps: AppDeps,
  tx: Kysely<DB>,
  inboxId: string,
  data: z.infer<typeof ndrPushSchema>,
): Promise<ApplyResult> {
  let missing = 0;
  let first: Shipment | undefined;
  for (const entry of data.ndr_data) {
    const shipment = await findShipmentFor(tx, { shipmentId: entry.shipment_id, awb: entry.awb });
    if (!shipment) {
      missing++;
      continue;
    }
    first ??= shipment;
    const date = parseIcarryDate(entry.date_added);
    const ndr = describeNdr(entry.type);
    const eventKey = `${shipment.id}:${ndr.code}:${date ?? entry.date_added ?? ''}`;
    const note = await tx
      .insertInto('order_notes')
      .values({
        order_id: shipment.order_id,
        kind: 'ndr',
        body: `Delivery failed: ${ndr.adminText} (${ndr.code}${entry.date_added ? `, ${entry.date_added}` : ''})`,
        ndr_code: ndr.code,
        ndr_date: date,
        dedupe_key: `ndr:${eventKey}`,
        created_at: deps.clock.now(),
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!note) continue;
    const order = await tx
      .updateTable('orders')
      .set({ needs_attention: true, attention_reason: `NDR: ${ndr.adminText}`, updated_at: deps.clock.now() })
      .where('id', '=', shipment.order_id)
      .returning(['order_number'])
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('status_history')
      .values({
        order_id: shipment.order_id,
        shipment_id: shipment.id,
        source: 'webhook',
        applied: false,
        carrier_status: `NDR:${ndr.code}`,
        description: `Delivery attempt failed: ${ndr.customerText}`,
        occurred_at: null,
        recorded_at: deps.clock.now(),
        inbox_id: inboxId,
      })
      .execute();
    await enqueueNdrAlert(deps, tx, {
      orderId: shipment.order_id,
      orderNumber: order.order_number,
      awb: shipment.awb,
      courierName: shipment.courier_name,
      code: ndr.code,
      date: entry.date_added ?? null,
      eventKey,
    });
    deps.logger.info({ orderId: shipment.order_id, code: ndr.code }, '[WEBHOOK] NDR recorded; admin alerted');
  }
  const refs = { orderId: first?.order_id ?? null, shipmentId: first?.id ?? null };
  if (missing > 0)
    return {
      outcome: 'deferred',
      detail: `${missing} of ${data.ndr_data.length} NDR entries name a shipment we do not know yet`,
      ...refs,
    };
  return { outcome: 'applied', detail: null, ...refs };
}

async function applyWeightPush(
  deps: AppDeps,
  tx: Kysely<DB>,
  data: z.infer<typeof weightPushSchema>,
): Promise<ApplyResult> {
  const shipment = await findShipmentFor(tx, { shipmentId: data.shipment_id, awb: data.awb });
  if (!shipment)
    return {
      outcome: 'deferred',
      detail: 'no shipment with this shipment_id/awb yet',
      orderId: null,
      shipmentId: null,
    };
  const discrepancy = {
    oldWeightGrams: data.old_weight ?? shipment.weight_grams,
    newWeightGrams: data.new_weight,
    oldDimensions: data.old_dimensions ?? null,
    newDimensions: data.new_dimensions ?? null,
    reportedAt: deps.clock.now().toISOString(),
  };
  await tx
    .updateTable('shipments')
    .set({ weight_discrepancy: JSON.stringify(discrepancy), updated_at: deps.clock.now() })
    .where('id', '=', shipment.id)
    .execute();
  await tx
    .insertInto('order_notes')
    .values({
      order_id: shipment.order_id,
      kind: 'weight',
      body: `Courier weighed the parcel at ${data.new_weight} g (we declared ${discrepancy.oldWeightGrams} g${data.new_dimensions ? `; dimensions ${data.new_dimensions} cm` : ''}). Dispute it in the iCarry panel if it is wrong.`,
      dedupe_key: `weight:${shipment.id}:${data.new_weight}:${data.new_dimensions ?? ''}`,
      created_at: deps.clock.now(),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
  return { outcome: 'applied', detail: null, orderId: shipment.order_id, shipmentId: shipment.id };
}

/**
 * Applies one stored push. Safe to call again and from several instances: the inbox row is
 * claimed with SKIP LOCKED, and every effect is keyed (history rank, note and message keys).
 */
export async function applyInboxEntry(deps: AppDeps, inboxId: string): Promise<InboxOutcome | null> {
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const entry = await tx
        .selectFrom('webhook_inbox')
        .selectAll()
        .where('id', '=', inboxId)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!entry) return null;
      if (!['pending', 'deferred', 'failed'].includes(entry.outcome)) return entry.outcome;
      const parsed = parsePush(entry.payload);
      if (!parsed.ok) {
        await tx
          .updateTable('webhook_inbox')
          .set({ outcome: 'rejected', outcome_detail: parsed.reason, processed_at: deps.clock.now() })
          .where('id', '=', inboxId)
          .execute();
        return 'rejected';
      }
      const push = parsed.push;
      const result =
        push.kind === 'status'
          ? await applyStatusPush(deps, tx, inboxId, entry.dedupe_key, push.data)
          : push.kind === 'ndr'
            ? await applyNdrPush(deps, tx, inboxId, push.data)
            : await applyWeightPush(deps, tx, push.data);
      await tx
        .updateTable('webhook_inbox')
        .set({
          outcome: result.outcome,
          outcome_detail: result.detail,
          order_id: result.orderId,
          shipment_id: result.shipmentId,
          attempts: entry.attempts + 1,
          processed_at: result.outcome === 'deferred' ? null : deps.clock.now(),
        })
        .where('id', '=', inboxId)
        .execute();
      return result.outcome;
    });
  } catch (err) {
    deps.logger.error({ err, inboxId }, '[WEBHOOK] applying a stored push failed; it will be retried');
    await deps.db
      .updateTable('webhook_inbox')
      .set((eb) => ({
        outcome: 'failed',
        outcome_detail: (err instanceof Error ? err.message : JSON.stringify(err)).slice(0, 500),
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', inboxId)
      .execute();
    return 'failed';
  }
}

/** Re-applies pushes that arrived before their shipment was known (e.g. before the booking response). */
export async function applyWaitingPushes(deps: AppDeps, shipmentId: string): Promise<number> {
  const s = await deps.db
    .selectFrom('shipments')
    .select(['provider_shipment_id', 'awb', 'client_ref'])
    .where('id', '=', shipmentId)
    .executeTakeFirst();
  if (!s) return 0;
  const waiting = await deps.db
    .selectFrom('webhook_inbox')
    .select('id')
    .where('outcome', 'in', ['pending', 'deferred', 'failed'])
    .where((eb) =>
      eb.or([
        ...(s.provider_shipment_id ? [eb('provider_shipment_id', '=', s.provider_shipment_id)] : []),
        ...(s.awb ? [eb('awb', '=', s.awb)] : []),
        eb(sql`payload->>'client_order_id'`, '=', s.client_ref),
      ]),
    )
    .orderBy('id')
    .execute();
  for (const row of waiting) await applyInboxEntry(deps, row.id);
  return waiting.length;
}

/** The sweeper: pushes left pending (a crash between store and apply), failed, or still waiting for their shipment. */
export async function applyStalledPushes(deps: AppDeps, options: { limit?: number } = {}): Promise<number> {
  const now = deps.clock.now().getTime();
  const rows = await deps.db
    .selectFrom('webhook_inbox')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('outcome', 'in', ['pending', 'failed']),
          eb('received_at', '<', new Date(now - 10_000)),
          eb('attempts', '<', 20),
        ]),
        eb.and([
          eb('outcome', '=', 'deferred'),
          eb('received_at', '>', new Date(now - 7 * 24 * 3600_000)),
          eb('attempts', '<', 200),
        ]),
      ]),
    )
    .orderBy('id')
    .limit(options.limit ?? 500)
    .execute();
  for (const row of rows) await applyInboxEntry(deps, row.id);
  return rows.length;
}
