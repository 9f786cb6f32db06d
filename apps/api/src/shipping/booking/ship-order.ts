import {
  countShipmentsForOrder,
  findActiveShipment,
  findOrderWithItems,
  flagOrderAttention,
  getShipmentById,
  heartbeatBooking,
  insertBookingShipment,
  lockOrder,
  moveBookingState,
  type OrderRecord,
  type ShipmentRecord,
} from '@app/db';
import {
  ICarryAPIError,
  ICarryError,
  maskPhone,
  type BookingResult,
  type ShipmentMode,
  DEFAULT_SHIPMENT_MODE,
} from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { settleBooked } from '../shipments/settle-booking';
import { toShipmentView, type ShipmentView } from '../shipments/shipment.view';
import { applyWaitingPushes } from '../shipments/waiting-pushes';
import { requireICarry, toAppError } from './icarry-errors';
import { planCouriers, type AutoCourierPolicy } from './courier-plan';
import { quoteOrder } from './quote-order';
import { addressProblem, noCourierReason } from './serviceability';
import { blocksShipping, codBlockedReason } from '../../customer/cod-confirmation/cod-confirmation.rules';
import { recordCodOverride } from '../../customer/cod-confirmation/cod-override';

const PG_UNIQUE_VIOLATION = '23505';

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === PG_UNIQUE_VIOLATION;
}

function activeShipmentError(shipment: Pick<ShipmentRecord, 'bookingState'>): AppError {
  if (shipment.bookingState === 'booking') return new AppError('BOOKING_IN_PROGRESS');
  if (shipment.bookingState === 'unknown') return new AppError('BOOKING_OUTCOME_UNKNOWN');
  return new AppError('ORDER_ALREADY_SHIPPED');
}

/** The booking was settled by someone else while this call waited to send it. */
class BookingSuperseded extends Error {
  override readonly name = 'BookingSuperseded';
}

const UNKNOWN_ATTENTION = 'Booking outcome unknown: check the iCarry panel and resolve';

export interface ShipInput {
  orderId: string;
  courierId?: string | undefined;
  /** Without a courierId: the cheapest (default) or the best delivery record within the store's allowance. */
  courierPolicy?: AutoCourierPolicy | undefined;
  /** Who named courierId, for the reason Order Details shows (default: the admin). */
  courierNamedBy?: 'admin' | 'preferred' | undefined;
  mode?: ShipmentMode | undefined;
  adminId: string;
  /** Book a COD order whose customer has not confirmed it (recorded on the order with the admin). */
  confirmOverride?: boolean | undefined;
}

/** Refuses a COD order its customer has not confirmed, unless the admin said to ship it anyway. */
function checkCodConfirmation(order: OrderRecord, override: boolean | undefined): void {
  const { state } = order.codConfirmation;
  if (!blocksShipping(state) || override === true) return;
  throw new AppError('COD_NOT_CONFIRMED', {
    userMessage:
      `${codBlockedReason(state) ?? ''} Call the customer, or ship it anyway with "Ship without confirmation".`.trim(),
    details: { state },
  });
}

/**
 * Books the order with iCarry, at most once whatever the callers do: the order row is locked and a
 * `booking` shipment is committed (a partial unique index allows one per order) before iCarry is
 * called. A timeout leaves the shipment `unknown` for an admin; it is never retried blindly.
 */
export async function shipOrder(deps: AppDeps, input: ShipInput): Promise<ShipmentView> {
  const icarry = requireICarry(deps);
  const { db, logger, clock } = deps;
  const found = await findOrderWithItems(db, input.orderId);
  if (!found) throw new AppError('ORDER_NOT_FOUND');
  const { order, items } = found;
  const log = logger.child({ orderId: order.id, orderNumber: order.orderNumber });

  const active = await findActiveShipment(db, order.id);
  if (active) throw activeShipmentError(active);
  if (order.status !== 'processing') throw new AppError('ORDER_NOT_SHIPPABLE', { details: { status: order.status } });
  checkCodConfirmation(order, input.confirmOverride);

  // Everything iCarry would refuse for, checked before anything is recorded or sent.
  const address = order.shippingAddress;
  const problem = addressProblem(order);
  if (problem) throw problem;
  const mode = input.mode ?? DEFAULT_SHIPMENT_MODE;
  const quote = await quoteOrder(deps, order.id, mode, found);
  if (quote.couriers.length === 0) throw await noCourierReason(icarry, address.pincode, order.paymentMethod);
  const { candidates, reasons } = await planCouriers(deps, {
    couriers: quote.couriers,
    pincode: address.pincode,
    courierId: input.courierId,
    policy: input.courierPolicy,
    namedBy: input.courierNamedBy,
  });
  const { parcel } = quote;

  // Reserve: the lock makes concurrent callers wait; the unique index is the backstop across instances.
  let shipment: ShipmentRecord;
  try {
    shipment = await db.transaction().execute(async (tx) => {
      const locked = await lockOrder(tx, order.id);
      if (!locked) throw new AppError('ORDER_NOT_FOUND');
      const current = await findActiveShipment(tx, order.id);
      if (current) throw activeShipmentError(current);
      if (locked.status !== 'processing') {
        throw new AppError('ORDER_NOT_SHIPPABLE', { details: { status: locked.status } });
      }
      // Under the lock: an answer that arrived while we quoted counts.
      checkCodConfirmation(locked, input.confirmOverride);
      if (blocksShipping(locked.codConfirmation.state)) {
        await recordCodOverride(deps, tx, {
          orderId: order.id,
          state: locked.codConfirmation.state,
          adminId: input.adminId,
        });
      }
      const previous = await countShipmentsForOrder(tx, order.id);
      return insertBookingShipment(tx, {
        orderId: order.id,
        clientRef: `${order.orderNumber}-${previous + 1}`,
        mode,
        weightGrams: parcel.weightGrams,
        weightFallback: parcel.usedFallback,
        lengthCm: parcel.lengthCm,
        breadthCm: parcel.breadthCm,
        heightCm: parcel.heightCm,
        codAmountPaise: order.codAmountPaise,
        quotedCostPaise: candidates[0]?.totalPaise ?? null,
        courierChoice: reasons[0] ?? null,
        now: clock.now(),
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('BOOKING_IN_PROGRESS', { cause: err });
    throw err;
  }

  const bookInput = {
    pickupAddressId: deps.config.pickupAddressId,
    clientOrderId: shipment.clientRef,
    mode,
    consignee: {
      name: address.name,
      mobile: order.contactPhone,
      // The customer's second number: the courier calls it when the first does not answer (an NDR saved).
      altMobile: order.alternatePhone,
      address: [address.line1, address.line2].filter(Boolean).join(', '),
      city: address.city,
      state: address.state,
      pincode: address.pincode,
    },
    parcel: {
      type: order.paymentMethod,
      // COD: what the courier collects (the order's COD amount, which a store may set below the total).
      valuePaise: order.paymentMethod === 'cod' ? order.codAmountPaise : order.totalPaise,
      contents: items.map((i) => `${i.name} x${i.quantity}`).join(', '),
      weightGrams: parcel.weightGrams,
      lengthCm: parcel.lengthCm,
      breadthCm: parcel.breadthCm,
      heightCm: parcel.heightCm,
      items: items.map((i) => ({ name: i.name, sku: i.sku, pricePaise: i.unitPricePaise, quantity: i.quantity })),
    },
  };

  let lastRefusal: unknown;
  for (const [index, courier] of candidates.entries()) {
    const started = Date.now();
    let booked: BookingResult;
    try {
      log.info(
        {
          courierId: courier.courierId,
          courier: courier.courierName,
          weightGrams: parcel.weightGrams,
          phone: maskPhone(order.contactPhone),
        },
        '[iCarry] booking',
      );
      booked = await icarry.book(
        { ...bookInput, courierId: courier.courierId },
        {
          // After a slow (re-)login, the last check before iCarry is asked: if an admin settled this
          // booking in the meantime, send nothing. Passing refreshes the clock the stale sweep reads.
          beforeSend: async () => {
            if (!(await heartbeatBooking(db, shipment.id, clock.now()))) throw new BookingSuperseded();
          },
        },
      );
    } catch (err) {
      if (err instanceof BookingSuperseded) {
        log.warn({ shipmentId: shipment.id }, '[iCarry] booking settled by an admin while it waited: nothing sent');
        throw new AppError('BOOKING_SUPERSEDED');
      }
      const refusedPincode = err instanceof ICarryAPIError && err.kind === 'not_serviceable';
      if (refusedPincode && !input.courierId && courier !== candidates[candidates.length - 1]) {
        log.warn(
          { courierId: courier.courierId, reason: (err as Error).message },
          '[iCarry] courier refused the pincode; trying the next cheapest',
        );
        lastRefusal = err;
        continue;
      }
      throw await recordBookingFailure(deps, shipment, err, Date.now() - started);
    }
    log.info(
      { shipmentId: booked.shipmentId, awb: booked.awb, courier: booked.courierName, ms: Date.now() - started },
      '[iCarry] booked',
    );
    await recordBookingAccepted(deps, shipment, {
      providerShipmentId: booked.shipmentId,
      awb: booked.awb,
      courierId: booked.courierId,
      courierName: booked.courierName || courier.courierName,
      trackingUrl: booked.trackingUrl,
      costPaise: courier.totalPaise,
      courierChoice: reasons[index] ?? null,
    });
    return toShipmentView(await getShipmentById(db, shipment.id), deps.config, clock.now());
  }
  throw await recordBookingFailure(deps, shipment, lastRefusal ?? new Error('no courier accepted the booking'), 0);
}

/**
 * iCarry accepted: settle it. Anything that goes wrong from here must not lose the booking: a
 * failed save leaves the shipment `unknown` with iCarry's ids in the reason, and a failure after
 * the save (applying pushes that waited) is only logged, since the booking is already recorded.
 */
async function recordBookingAccepted(
  deps: AppDeps,
  shipment: ShipmentRecord,
  booked: Parameters<typeof settleBooked>[3],
): Promise<void> {
  const now = deps.clock.now();
  let settled: Awaited<ReturnType<typeof settleBooked>>;
  try {
    settled = await deps.db.transaction().execute((tx) => settleBooked(deps, tx, shipment.id, booked, 'booking'));
  } catch (err) {
    const ids = `iCarry shipment ${booked.providerShipmentId}${booked.awb ? `, AWB ${booked.awb}` : ''}`;
    deps.logger.error(
      { err, shipmentId: shipment.id, providerShipmentId: booked.providerShipmentId },
      '[iCarry] booked, but saving the booking failed',
    );
    await moveBookingState(deps.db, shipment.id, {
      from: ['booking'],
      to: 'unknown',
      reason: `iCarry booked it (${ids}) but saving that failed. Resolve it as booked with these ids.`,
      now,
    });
    await flagOrderAttention(deps.db, shipment.orderId, {
      kind: 'booking_unknown',
      reason: `${UNKNOWN_ATTENTION} (${ids})`,
      now,
    });
    throw new AppError('BOOKING_OUTCOME_UNKNOWN', { cause: err });
  }
  if (!settled.settled) throw new AppError('BOOKING_NEEDS_REVIEW');
  try {
    await applyWaitingPushes(deps, shipment.id);
  } catch (err) {
    deps.logger.error(
      { err, shipmentId: shipment.id },
      '[WEBHOOK] applying pushes that waited for the booking failed; the sweeper retries',
    );
  }
}

/**
 * The booking call failed. Only a refusal in iCarry's own words, or an error that provably never
 * reached it, means "not booked" (`failed`); anything else leaves the outcome `unknown` for an
 * admin. Either way only a shipment still `booking` changes.
 */
async function recordBookingFailure(
  deps: AppDeps,
  shipment: ShipmentRecord,
  err: unknown,
  ms: number,
): Promise<AppError> {
  const log = deps.logger.child({ orderId: shipment.orderId, shipmentId: shipment.id });
  const now = deps.clock.now();
  if (err instanceof ICarryError && !err.outcomeUnknown) {
    const appError = toAppError(err, 'the booking');
    await moveBookingState(deps.db, shipment.id, {
      from: ['booking'],
      to: 'failed',
      reason: appError.userMessage,
      now,
    });
    log.warn(
      { code: appError.code, reason: appError.userMessage, ms },
      '[iCarry] booking refused; order stays Processing',
    );
    return appError;
  }
  const reason = err instanceof ICarryError ? err.message : 'unexpected error while booking';
  const moved = await moveBookingState(deps.db, shipment.id, {
    from: ['booking'],
    to: 'unknown',
    reason: `Outcome unknown: ${reason}`,
    now,
  });
  if (moved)
    await flagOrderAttention(deps.db, shipment.orderId, { kind: 'booking_unknown', reason: UNKNOWN_ATTENTION, now });
  log.error({ err, ms }, '[iCarry] booking outcome unknown; marked for an admin to resolve');
  return new AppError('BOOKING_OUTCOME_UNKNOWN', { cause: err });
}
