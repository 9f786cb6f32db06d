import {
  countShipmentsForOrder,
  findActiveShipment,
  findBookedShipment,
  findOrderById,
  flagOrderAttention,
  getShipmentById,
  heartbeatBooking,
  insertBookingShipment,
  insertNote,
  lockOrder,
  moveBookingState,
  type OrderRecord,
  type ShipmentRecord,
} from '@app/db';
import { ICarryError, ORDER_STATUS_LABEL, type ReverseShipmentResult } from '@app/shipping';
import { requireICarry, toAppError } from '../booking/icarry-errors';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { settleBooked } from '../shipments/settle-booking';
import { toShipmentView, type ShipmentView } from '../shipments/shipment.view';
import { applyWaitingPushes } from '../shipments/waiting-pushes';

const PG_UNIQUE_VIOLATION = '23505';

class ReturnSuperseded extends Error {
  override readonly name = 'ReturnSuperseded';
}

function activeReturnError(shipment: Pick<ShipmentRecord, 'bookingState'>): AppError {
  if (shipment.bookingState === 'booking') return new AppError('RETURN_IN_PROGRESS');
  if (shipment.bookingState === 'unknown') return new AppError('RETURN_OUTCOME_UNKNOWN');
  return new AppError('RETURN_ALREADY_BOOKED');
}

export interface CreateReturnInput {
  orderId: string;
  reason?: string | undefined;
  refundNote?: string | undefined;
  adminId: string;
}

/** Why a return cannot be booked for the order now, or null when it can (shared with the order view). */
export function returnBlockedReason(
  order: Pick<OrderRecord, 'status'>,
  forward: ShipmentRecord | null,
  activeReturn: ShipmentRecord | null,
): string | null {
  if (activeReturn) return 'This order already has a return pickup.';
  if (order.status !== 'delivered') return 'Only Delivered orders can be returned.';
  if (!forward?.providerShipmentId || forward.status !== 'delivered')
    return 'This order was not delivered by an iCarry shipment, so iCarry cannot pick it up.';
  return null;
}

/**
 * Books a return pickup (iCarry's reverse shipment) for a delivered order, at most once like a
 * booking: the order row is locked and a `booking` return shipment committed (one active return per
 * order, by index) before iCarry is asked. The return has its own AWB, label, status history and
 * pushes; the order stays Delivered. A timeout leaves the return `unknown`: flagged, never retried,
 * settled by iCarry's push or an admin (orders.resolveBooking with direction 'return').
 */
export async function createReturn(deps: AppDeps, input: CreateReturnInput): Promise<ShipmentView> {
  const icarry = requireICarry(deps);
  const { db, clock } = deps;
  const order = await findOrderById(db, input.orderId);
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  const log = deps.logger.child({ orderId: order.id, orderNumber: order.orderNumber });
  const existing = await findActiveShipment(db, order.id, 'return');
  if (existing) throw activeReturnError(existing);
  const forward = (await findBookedShipment(db, order.id, 'forward')) ?? null;
  const blocked = returnBlockedReason(order, forward, null);
  if (blocked || !forward?.providerShipmentId)
    throw new AppError('ORDER_NOT_RETURNABLE', {
      userMessage: blocked ?? undefined,
      details: { status: order.status },
    });
  const forwardProviderId = forward.providerShipmentId;

  let shipment: ShipmentRecord;
  try {
    shipment = await db.transaction().execute(async (tx) => {
      const locked = await lockOrder(tx, order.id);
      if (!locked) throw new AppError('ORDER_NOT_FOUND');
      const current = await findActiveShipment(tx, order.id, 'return');
      if (current) throw activeReturnError(current);
      if (locked.status !== 'delivered')
        throw new AppError('ORDER_NOT_RETURNABLE', {
          userMessage: `Only Delivered orders can be returned. This order is ${ORDER_STATUS_LABEL[locked.status]}.`,
        });
      const previous = await countShipmentsForOrder(tx, order.id, 'return');
      return insertBookingShipment(tx, {
        orderId: order.id,
        clientRef: `${order.orderNumber}-R${previous + 1}`,
        mode: forward.mode,
        weightGrams: forward.weightGrams,
        weightFallback: forward.weightFallback,
        lengthCm: forward.lengthCm,
        breadthCm: forward.breadthCm,
        heightCm: forward.heightCm,
        codAmountPaise: 0,
        quotedCostPaise: null,
        now: clock.now(),
        direction: 'return',
        forwardShipmentId: forward.id,
        returnReason: input.reason ?? null,
        refundNote: input.refundNote ?? null,
      });
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === PG_UNIQUE_VIOLATION)
      throw new AppError('RETURN_IN_PROGRESS', { cause: err });
    throw err;
  }

  let booked: ReverseShipmentResult;
  try {
    log.info({ forwardShipmentId: forwardProviderId }, '[iCarry] booking a return pickup');
    booked = await icarry.addReverseShipment(
      { shipmentId: forwardProviderId, clientOrderId: shipment.clientRef, reason: input.reason },
      {
        beforeSend: async () => {
          if (!(await heartbeatBooking(db, shipment.id, clock.now()))) throw new ReturnSuperseded();
        },
      },
    );
  } catch (err) {
    const now = clock.now();
    if (err instanceof ReturnSuperseded) throw new AppError('BOOKING_SUPERSEDED');
    if (err instanceof ICarryError && !err.outcomeUnknown) {
      const appError = toAppError(err, 'the return pickup');
      await moveBookingState(db, shipment.id, { from: ['booking'], to: 'failed', reason: appError.userMessage, now });
      log.warn({ code: appError.code, reason: appError.userMessage }, '[iCarry] return pickup refused');
      throw appError;
    }
    const moved = await moveBookingState(db, shipment.id, {
      from: ['booking'],
      to: 'unknown',
      reason: `Outcome unknown: ${err instanceof ICarryError ? err.message : 'unexpected error while booking the return'}`,
      now,
    });
    if (moved)
      await flagOrderAttention(db, order.id, {
        kind: 'booking_unknown',
        reason: 'Return pickup outcome unknown: check the iCarry panel and resolve',
        now,
      });
    log.error({ err }, '[iCarry] return pickup outcome unknown; marked for an admin');
    throw new AppError('RETURN_OUTCOME_UNKNOWN', { cause: err });
  }
  log.info({ shipmentId: booked.shipmentId, awb: booked.awb, courier: booked.courierName }, '[iCarry] return booked');
  const settled = await db.transaction().execute(async (tx) => {
    const result = await settleBooked(
      deps,
      tx,
      shipment.id,
      {
        providerShipmentId: booked.shipmentId,
        awb: booked.awb,
        courierId: booked.courierId,
        courierName: booked.courierName,
        trackingUrl: booked.trackingUrl,
        costPaise: booked.costEstimatePaise,
      },
      'admin',
    );
    if (result.settled)
      await insertNote(tx, {
        orderId: order.id,
        kind: 'system',
        body: `Return pickup booked${booked.awb ? ` (AWB ${booked.awb})` : ''}. ${input.reason ? `Reason: ${input.reason}` : 'No reason given'}${input.refundNote ? `. Refund: ${input.refundNote}` : ''}`,
        authorAdminId: input.adminId,
        now: clock.now(),
      });
    return result.settled;
  });
  if (!settled) throw new AppError('BOOKING_NEEDS_REVIEW');
  try {
    await applyWaitingPushes(deps, shipment.id);
  } catch (err) {
    log.error({ err, shipmentId: shipment.id }, '[WEBHOOK] applying pushes that waited for the return failed');
  }
  return toShipmentView(await getShipmentById(db, shipment.id), deps.config, clock.now());
}
