import type { DB, Shipment } from '@app/db';
import {
  computeParcelWeight,
  ICarryAPIError,
  ICarryAuthError,
  ICarryBlockedError,
  ICarryError,
  ICarryValidationError,
  normalizeIndianMobile,
  toICarryStateCode,
  type Estimate,
  type ICarryClient,
} from '@app/shipping';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { maskPhone } from '../logger';
import { advanceOrder } from './status.service';
import { applyWaitingPushes } from './webhook.service';

export { STALE_BOOKING_MS } from '../config';

const PG_UNIQUE_VIOLATION = '23505';

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === PG_UNIQUE_VIOLATION;
}

export interface ParcelPlan {
  weightGrams: number;
  usedFallback: boolean;
  unparsedItems: { sku: string | null; name: string | null; weightText: string | null; reason: string }[];
  lengthCm: number;
  breadthCm: number;
  heightCm: number;
}

async function loadOrder(db: Kysely<DB>, orderId: string) {
  const order = await db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .selectAll('o')
    .select(['c.name as customer_name'])
    .where('o.id', '=', orderId)
    .executeTakeFirst();
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  const items = await db.selectFrom('order_items').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
  return { order, items };
}

export function planParcel(
  deps: AppDeps,
  items: { sku: string; name: string; quantity: number; weight_text: string | null }[],
): ParcelPlan {
  const weight = computeParcelWeight(
    items.map((i) => ({ weightText: i.weight_text, quantity: i.quantity, sku: i.sku, name: i.name })),
  );
  return {
    weightGrams: weight.grams,
    usedFallback: weight.usedFallback,
    unparsedItems: weight.unparsedItems,
    ...deps.config.box,
  };
}

function requireICarry(deps: AppDeps): ICarryClient {
  if (!deps.icarry) throw new AppError('ICARRY_NOT_CONFIGURED');
  return deps.icarry;
}

/** iCarry's failures in words an admin can act on; raw errors never reach the UI. */
function toAppError(err: unknown, context: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ICarryValidationError)
    return new AppError('ADDRESS_INCOMPLETE', { userMessage: err.message, cause: err });
  // An HTTP error page or a garbled answer is iCarry failing, not iCarry refusing: say so (503, try again).
  if (err instanceof ICarryAPIError && err.code !== 'API_ERROR')
    return new AppError('ICARRY_UNAVAILABLE', { cause: err });
  if (err instanceof ICarryAPIError) {
    if (err.kind === 'not_serviceable')
      return new AppError('PINCODE_NOT_SERVICEABLE', { userMessage: `iCarry says: ${err.message}`, cause: err });
    if (err.kind === 'account')
      return new AppError('ICARRY_ACCOUNT_PROBLEM', {
        userMessage: `iCarry says: ${err.message}. Top up or clear the hold in the iCarry panel, then try again.`,
        cause: err,
      });
    return new AppError('COURIER_REFUSED', { userMessage: `iCarry refused ${context}: ${err.message}`, cause: err });
  }
  if (err instanceof ICarryAuthError)
    return new AppError('ICARRY_UNAVAILABLE', {
      userMessage: 'iCarry rejected our credentials. Check ICARRY_USERNAME and ICARRY_API_KEY.',
      cause: err,
    });
  if (err instanceof ICarryBlockedError)
    return new AppError('ICARRY_UNAVAILABLE', {
      userMessage:
        "iCarry's firewall blocked the request (it answered with a web page). Nothing was booked; try again in a minute.",
      cause: err,
    });
  return new AppError('ICARRY_UNAVAILABLE', { cause: err });
}

export async function quoteOrder(deps: AppDeps, orderId: string) {
  const icarry = requireICarry(deps);
  const { order, items } = await loadOrder(deps.db, orderId);
  const parcel = planParcel(deps, items);
  let couriers: Estimate[];
  try {
    couriers = await icarry.estimate({
      originPincode: deps.config.pickupPincode,
      destinationPincode: order.ship_pincode,
      weightGrams: parcel.weightGrams,
      lengthCm: parcel.lengthCm,
      breadthCm: parcel.breadthCm,
      heightCm: parcel.heightCm,
      mode: 'surface',
      paymentType: order.payment_method,
      shipmentValuePaise: order.total_paise,
    });
  } catch (err) {
    if (err instanceof ICarryAPIError && err.kind === 'not_serviceable') couriers = [];
    else throw toAppError(err, 'the estimate');
  }
  return { parcel, couriers, paymentMethod: order.payment_method, pincode: order.ship_pincode };
}

export async function checkServiceability(deps: AppDeps, input: { pincode: string; cod: boolean }) {
  const icarry = requireICarry(deps);
  try {
    const result = await icarry.checkPincode(input.pincode);
    return {
      pincode: input.pincode,
      serviceable: result.serviceable,
      prepaid: result.prepaid,
      cod: result.cod,
      codRequested: input.cod,
      ok: result.serviceable && (input.cod ? result.cod : result.prepaid),
    };
  } catch (err) {
    throw toAppError(err, 'the pincode check');
  }
}

function activeShipmentError(shipment: Pick<Shipment, 'booking_state'>): AppError {
  if (shipment.booking_state === 'booking') return new AppError('BOOKING_IN_PROGRESS');
  if (shipment.booking_state === 'unknown') return new AppError('BOOKING_OUTCOME_UNKNOWN');
  return new AppError('ORDER_ALREADY_SHIPPED');
}

async function findActiveShipment(db: Kysely<DB>, orderId: string) {
  return db
    .selectFrom('shipments')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('booking_state', 'in', ['booking', 'booked', 'unknown'])
    .executeTakeFirst();
}

/**
 * Books the order with iCarry, at most once whatever the callers do: the order row is locked and a
 * `booking` shipment is committed (a partial unique index allows one per order) before iCarry is
 * called. A timeout leaves the shipment `unknown` for an admin; it is never retried blindly.
 */
export async function shipOrder(
  deps: AppDeps,
  input: { orderId: string; courierId?: string | undefined; mode?: 'S' | 'E' | undefined; adminId: string },
) {
  const icarry = requireICarry(deps);
  const { db, logger, clock } = deps;
  const { order, items } = await loadOrder(db, input.orderId);
  const log = logger.child({ orderId: order.id, orderNumber: order.order_number });

  const active = await findActiveShipment(db, order.id);
  if (active) throw activeShipmentError(active);
  if (order.status !== 'processing') throw new AppError('ORDER_NOT_SHIPPABLE', { details: { status: order.status } });

  // Everything iCarry would refuse for, checked before anything is recorded or sent.
  const missing = (
    ['ship_name', 'ship_line1', 'ship_city', 'ship_state', 'ship_pincode', 'contact_phone'] as const
  ).filter((f) => !(order[f] ?? '').trim());
  if (missing.length)
    throw new AppError('ADDRESS_INCOMPLETE', {
      userMessage: `The delivery address is missing: ${missing.map((f) => f.replace(/^ship_|^contact_/, '')).join(', ')}.`,
    });
  let stateCode: string;
  let mobile: string;
  try {
    stateCode = toICarryStateCode(order.ship_state);
    mobile = normalizeIndianMobile(order.contact_phone);
  } catch (err) {
    throw toAppError(err, 'the address');
  }
  const mode = input.mode ?? 'S';
  const quote = await quoteOrder(deps, order.id);
  if (quote.couriers.length === 0) {
    const pin = await icarry.checkPincode(order.ship_pincode).catch(() => null);
    if (pin?.serviceable && order.payment_method === 'cod' && !pin.cod) throw new AppError('COD_NOT_AVAILABLE');
    throw new AppError('PINCODE_NOT_SERVICEABLE', { details: { pincode: order.ship_pincode } });
  }
  let candidates: Estimate[];
  if (input.courierId) {
    const chosen = quote.couriers.find((c) => c.courierId === input.courierId);
    if (!chosen) throw new AppError('COURIER_UNAVAILABLE', { details: { courierId: input.courierId } });
    candidates = [chosen];
  } else {
    // Auto: cheapest first; a courier that refuses the pincode is skipped (iCarry's estimate can list one that booking refuses).
    candidates = quote.couriers.slice(0, 3);
  }
  const parcel = quote.parcel;

  // Reserve: the lock makes concurrent callers wait; the unique index is the backstop across instances.
  let shipment: Shipment;
  try {
    shipment = await db.transaction().execute(async (tx) => {
      const locked = await tx
        .selectFrom('orders')
        .select(['id', 'status'])
        .where('id', '=', order.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const current = await findActiveShipment(tx, order.id);
      if (current) throw activeShipmentError(current);
      if (locked.status !== 'processing')
        throw new AppError('ORDER_NOT_SHIPPABLE', { details: { status: locked.status } });
      const previous = await tx
        .selectFrom('shipments')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('order_id', '=', order.id)
        .executeTakeFirstOrThrow();
      const now = clock.now();
      return tx
        .insertInto('shipments')
        .values({
          order_id: order.id,
          booking_state: 'booking',
          client_ref: `${order.order_number}-${Number(previous.n) + 1}`,
          mode,
          weight_grams: parcel.weightGrams,
          weight_fallback: parcel.usedFallback,
          length_cm: parcel.lengthCm,
          breadth_cm: parcel.breadthCm,
          height_cm: parcel.heightCm,
          cod_amount_paise: order.payment_method === 'cod' ? order.total_paise : 0,
          quoted_cost_paise: candidates[0]?.totalPaise ?? null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('BOOKING_IN_PROGRESS', { cause: err });
    throw err;
  }

  const bookInput = {
    pickupAddressId: deps.config.pickupAddressId,
    clientOrderId: shipment.client_ref,
    mode: mode === 'E' ? ('express' as const) : ('surface' as const),
    consignee: {
      name: order.ship_name,
      mobile,
      address: [order.ship_line1, order.ship_line2].filter(Boolean).join(', '),
      city: order.ship_city,
      state: stateCode,
      pincode: order.ship_pincode,
    },
    parcel: {
      type: order.payment_method,
      valuePaise: order.total_paise,
      contents: items
        .map((i) => `${i.name} x${i.quantity}`)
        .join(', ')
        .slice(0, 255),
      weightGrams: parcel.weightGrams,
      lengthCm: parcel.lengthCm,
      breadthCm: parcel.breadthCm,
      heightCm: parcel.heightCm,
      items: items.map((i) => ({ name: i.name, sku: i.sku, pricePaise: i.unit_price_paise, quantity: i.quantity })),
    },
  };

  let lastRefusal: unknown;
  for (const courier of candidates) {
    const started = Date.now();
    try {
      log.info(
        {
          courierId: courier.courierId,
          courier: courier.courierName,
          weightGrams: parcel.weightGrams,
          phone: maskPhone(mobile),
        },
        '[iCarry] booking',
      );
      const booked = await icarry.book({ ...bookInput, courierId: courier.courierId });
      log.info(
        { shipmentId: booked.shipmentId, awb: booked.awb, courier: booked.courierName, ms: Date.now() - started },
        '[iCarry] booked',
      );
      await db.transaction().execute(async (tx) => {
        await settleBooked(
          deps,
          tx,
          shipment,
          { ...booked, courierName: booked.courierName || courier.courierName, costPaise: courier.totalPaise },
          'booking',
        );
      });
      await applyWaitingPushes(deps, shipment.id);
      return await getShipmentView(db, shipment.id);
    } catch (err) {
      const refusedPincode = err instanceof ICarryAPIError && err.kind === 'not_serviceable';
      if (refusedPincode && !input.courierId && courier !== candidates[candidates.length - 1]) {
        log.warn(
          { courierId: courier.courierId, reason: (err as Error).message },
          '[iCarry] courier refused the pincode; trying the next cheapest',
        );
        lastRefusal = err;
        continue;
      }
      // Only a refusal in iCarry's own words, or an error that provably never reached it, means "not booked".
      const provablyNotBooked = err instanceof ICarryError && !err.outcomeUnknown;
      if (provablyNotBooked) {
        const appError = toAppError(err, 'the booking');
        await db
          .updateTable('shipments')
          .set({ booking_state: 'failed', failure_reason: appError.userMessage, updated_at: clock.now() })
          .where('id', '=', shipment.id)
          .execute();
        log.warn(
          { code: appError.code, reason: appError.userMessage, ms: Date.now() - started },
          '[iCarry] booking refused; order stays Processing',
        );
        throw appError;
      }
      const reason = err instanceof ICarryError ? err.message : 'unexpected error while booking';
      await db
        .updateTable('shipments')
        .set({ booking_state: 'unknown', failure_reason: `Outcome unknown: ${reason}`, updated_at: clock.now() })
        .where('id', '=', shipment.id)
        .execute();
      await db
        .updateTable('orders')
        .set({
          needs_attention: true,
          attention_reason: 'Booking outcome unknown: check the iCarry panel and resolve',
          updated_at: clock.now(),
        })
        .where('id', '=', order.id)
        .execute();
      log.error({ err, ms: Date.now() - started }, '[iCarry] booking outcome unknown; marked for an admin to resolve');
      throw new AppError('BOOKING_OUTCOME_UNKNOWN', { cause: err });
    }
  }
  throw toAppError(lastRefusal ?? new Error('no courier accepted the booking'), 'the booking');
}

/** Records a booking iCarry accepted: shipment booked, order Shipped, history, and the customer's messages, in one transaction. */
export async function settleBooked(
  deps: AppDeps,
  tx: Kysely<DB>,
  shipment: Shipment,
  booked: {
    shipmentId: string;
    awb: string | null;
    courierId: string | null;
    courierName: string | null;
    trackingUrl: string | null;
    costPaise: number | null;
  },
  source: 'booking' | 'admin',
): Promise<void> {
  const now = deps.clock.now();
  const hasAwb = Boolean(booked.awb);
  await tx
    .updateTable('shipments')
    .set({
      booking_state: 'booked',
      provider_shipment_id: booked.shipmentId,
      awb: booked.awb || null,
      courier_id: booked.courierId,
      courier_name: booked.courierName,
      tracking_url: booked.trackingUrl,
      quoted_cost_paise: booked.costPaise,
      status: hasAwb ? 'pending_pickup' : null,
      failure_reason: null,
      needs_review: !hasAwb,
      review_reason: hasAwb
        ? null
        : 'iCarry saved the shipment without assigning a courier. Assign one in the iCarry panel; the next status update fills in the tracking number.',
      booked_at: now,
      last_event_at: now,
      updated_at: now,
    })
    .where('id', '=', shipment.id)
    .execute();
  await tx
    .updateTable('orders')
    .set({ needs_attention: false, attention_reason: null })
    .where('id', '=', shipment.order_id)
    .where('attention_reason', 'like', 'Booking outcome unknown%')
    .execute();
  if (hasAwb) {
    await advanceOrder(deps, tx, {
      orderId: shipment.order_id,
      to: 'shipped',
      shipmentId: shipment.id,
      source,
      shipmentStatus: 'pending_pickup',
      description: `Booked with ${booked.courierName ?? 'iCarry'}, tracking number ${booked.awb}`,
    });
  } else {
    await tx
      .insertInto('status_history')
      .values({
        order_id: shipment.order_id,
        shipment_id: shipment.id,
        source,
        applied: false,
        recorded_at: now,
        description: `iCarry saved shipment ${booked.shipmentId} without a courier; waiting for an AWB`,
      })
      .execute();
  }
}

export async function getShipmentView(db: Kysely<DB>, shipmentId: string) {
  const s = await db.selectFrom('shipments').selectAll().where('id', '=', shipmentId).executeTakeFirstOrThrow();
  return toShipmentView(s);
}

export function toShipmentView(s: Shipment) {
  return {
    id: s.id,
    bookingState: s.booking_state,
    status: s.status,
    awb: s.awb,
    courierName: s.courier_name,
    courierId: s.courier_id,
    providerShipmentId: s.provider_shipment_id,
    trackingUrl: s.tracking_url,
    clientRef: s.client_ref,
    weightGrams: s.weight_grams,
    weightFallback: s.weight_fallback,
    codAmountPaise: s.cod_amount_paise,
    quotedCostPaise: s.quoted_cost_paise,
    failureReason: s.failure_reason,
    needsReview: s.needs_review,
    reviewReason: s.review_reason,
    weightDiscrepancy: s.weight_discrepancy,
    bookedAt: s.booked_at,
    lastEventAt: s.last_event_at,
    createdAt: s.created_at,
  };
}

const CANCELLABLE = new Set([null, 'pending_pickup', 'pickup_scheduled', 'manifested']);

/** Cancels a booked shipment before pickup (free on iCarry) and puts the order back to Processing. */
export async function cancelShipment(
  deps: AppDeps,
  input: { orderId: string; adminId: string; reason?: string | undefined },
) {
  const icarry = requireICarry(deps);
  const shipment = await findActiveShipment(deps.db, input.orderId);
  if (!shipment || shipment.booking_state !== 'booked' || !shipment.provider_shipment_id)
    throw new AppError('SHIPMENT_NOT_FOUND');
  if (!CANCELLABLE.has(shipment.status)) throw new AppError('SHIPMENT_NOT_CANCELLABLE');
  try {
    await icarry.cancel(shipment.provider_shipment_id);
  } catch (err) {
    if (err instanceof ICarryAPIError)
      throw new AppError('SHIPMENT_NOT_CANCELLABLE', {
        userMessage: `iCarry would not cancel: ${err.message}`,
        cause: err,
      });
    throw toAppError(err, 'the cancellation');
  }
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('shipments')
      .set({ booking_state: 'cancelled', status: 'cancelled', updated_at: now })
      .where('id', '=', shipment.id)
      .execute();
    // An admin's cancellation is the one backward move: the order can be shipped again.
    await tx
      .updateTable('orders')
      .set({ status: 'processing', updated_at: now })
      .where('id', '=', input.orderId)
      .execute();
    await tx
      .insertInto('status_history')
      .values({
        order_id: input.orderId,
        shipment_id: shipment.id,
        order_status: 'processing',
        shipment_status: 'cancelled',
        source: 'admin',
        recorded_at: now,
        description: `Shipment ${shipment.awb ?? shipment.provider_shipment_id} cancelled before pickup${input.reason ? `: ${input.reason}` : ''}. Order back to Processing.`,
      })
      .execute();
  });
  deps.logger.info({ orderId: input.orderId, shipmentId: shipment.id }, '[iCarry] shipment cancelled before pickup');
  return getShipmentView(deps.db, shipment.id);
}

/**
 * Settles a booking whose outcome was unknown: either the admin found it in the iCarry panel
 * (we adopt it, fetching the AWB when we can) or confirmed nothing was booked (the order can be shipped again).
 */
export async function resolveBooking(
  deps: AppDeps,
  input: { orderId: string; adminId: string } & (
    | { outcome: 'booked'; providerShipmentId: string; awb?: string | undefined; courierName?: string | undefined }
    | { outcome: 'not_booked' }
  ),
) {
  const { db, clock } = deps;
  const shipment = await db
    .selectFrom('shipments')
    .selectAll()
    .where('order_id', '=', input.orderId)
    .where('booking_state', 'in', ['unknown', 'booking'])
    .executeTakeFirst();
  const stale =
    shipment &&
    (shipment.booking_state === 'unknown' ||
      clock.now().getTime() - shipment.updated_at.getTime() > deps.config.staleBookingMs);
  if (!shipment || !stale) throw new AppError('BOOKING_NOT_UNKNOWN');
  if (input.outcome === 'not_booked') {
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('shipments')
        .set({ booking_state: 'void', failure_reason: 'Admin confirmed nothing was booked in iCarry', updated_at: now })
        .where('id', '=', shipment.id)
        .execute();
      await tx
        .updateTable('orders')
        .set({ needs_attention: false, attention_reason: null, updated_at: now })
        .where('id', '=', input.orderId)
        .execute();
      await tx
        .insertInto('order_notes')
        .values({
          order_id: input.orderId,
          kind: 'system',
          body: 'Booking with unknown outcome resolved: nothing was booked. The order can be shipped again.',
          author_admin_id: input.adminId,
          created_at: now,
        })
        .execute();
    });
    return getShipmentView(db, shipment.id);
  }
  let awb = input.awb ?? null;
  let courierName = input.courierName ?? null;
  let trackingUrl: string | null = null;
  if (deps.icarry) {
    try {
      const tracked = await deps.icarry.track(input.providerShipmentId);
      awb = awb ?? tracked.awb;
      courierName = courierName ?? tracked.courierName;
      trackingUrl = tracked.trackingUrl;
    } catch (err) {
      deps.logger.warn(
        { err, orderId: input.orderId },
        '[iCarry] could not fetch the resolved shipment; using what the admin entered',
      );
    }
  }
  await db.transaction().execute(async (tx) => {
    const locked = await tx
      .selectFrom('shipments')
      .selectAll()
      .where('id', '=', shipment.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await settleBooked(
      deps,
      tx,
      locked,
      { shipmentId: input.providerShipmentId, awb, courierId: null, courierName, trackingUrl, costPaise: null },
      'admin',
    );
    await tx
      .insertInto('order_notes')
      .values({
        order_id: input.orderId,
        kind: 'system',
        body: `Booking with unknown outcome resolved by an admin: iCarry shipment ${input.providerShipmentId}${awb ? `, AWB ${awb}` : ''}.`,
        author_admin_id: input.adminId,
        created_at: clock.now(),
      })
      .execute();
  });
  await applyWaitingPushes(deps, shipment.id);
  return getShipmentView(db, shipment.id);
}

/** Bookings interrupted mid-call (a crash or deploy) become `unknown` so an admin resolves them; never re-booked blindly. */
export async function markStaleBookings(deps: AppDeps): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - deps.config.staleBookingMs);
  const rows = await deps.db
    .updateTable('shipments')
    .set({
      booking_state: 'unknown',
      failure_reason: 'The app stopped while booking, so the outcome is unknown. Check the iCarry panel.',
      updated_at: deps.clock.now(),
    })
    .where('booking_state', '=', 'booking')
    .where('updated_at', '<', cutoff)
    .returning(['id', 'order_id'])
    .execute();
  for (const row of rows) {
    await deps.db
      .updateTable('orders')
      .set({ needs_attention: true, attention_reason: 'Booking outcome unknown: check the iCarry panel and resolve' })
      .where('id', '=', row.order_id)
      .execute();
    deps.logger.warn({ shipmentId: row.id, orderId: row.order_id }, '[iCarry] interrupted booking marked unknown');
  }
  return rows.length;
}
