import { cancelUnshippedOrder, findCurrentShipment, getOrderById, lockOrder } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { cancelShipment } from '../../shipping/booking/cancel-shipment';
import { errorAnswer, type Answer } from './rest-answer';
import { apiOrderAnswer } from './create-order';
import { findOrderInKeyScope } from './api-scope';

/** Shipment statuses before the courier has the parcel: iCarry can still cancel the booking. */
const BEFORE_PICKUP = new Set([null, 'pending_pickup', 'pickup_scheduled', 'manifested']);

/**
 * POST /api/v1/orders/{orderNumber}/cancel. Before booking: the order is cancelled. Booked but
 * not picked up: the shipment is cancelled at iCarry first (which puts the order back to
 * Processing), then the order. After pickup, or while a booking is in flight or unresolved: 409
 * with the reason. Cancelling a cancelled order answers it again (a retry is harmless). An order
 * outside the key's scope (not from the REST API) is not found, exactly as a missing one.
 */
export async function cancelApiOrder(
  deps: AppDeps,
  input: { orderNumber: string; apiKeyId: string; reason?: string | undefined },
): Promise<Answer> {
  const found = await findOrderInKeyScope(deps, input.orderNumber);
  if (!found) return errorAnswer('ORDER_NOT_FOUND');
  if (found.status === 'cancelled') return apiOrderAnswer(deps, found);

  const shipment = await findCurrentShipment(deps.db, found.id);
  if (shipment?.isActive) {
    if (shipment.bookingState !== 'booked') {
      return errorAnswer('ORDER_NOT_CANCELLABLE', {
        message:
          shipment.bookingState === 'booking'
            ? 'The order is being booked with the courier right now; try again in a minute.'
            : 'The booking outcome is unknown and waits for an admin to resolve it; it cannot be cancelled yet.',
      });
    }
    if (!BEFORE_PICKUP.has(shipment.status)) {
      return errorAnswer('ORDER_NOT_CANCELLABLE', {
        message: `The parcel has been picked up by ${shipment.courierName ?? 'the courier'} (status ${shipment.status ?? 'unknown'}); it can no longer be cancelled.`,
        details: { shipmentStatus: shipment.status },
      });
    }
    try {
      await cancelShipment(deps, { orderId: found.id, adminId: `api-key:${input.apiKeyId}`, reason: input.reason });
    } catch (err) {
      if (err instanceof AppError) {
        return errorAnswer(err.code === 'ICARRY_UNAVAILABLE' ? 'ICARRY_UNAVAILABLE' : 'ORDER_NOT_CANCELLABLE', {
          message: err.userMessage,
        });
      }
      throw err;
    }
  }

  const now = deps.clock.now();
  const outcome = await deps.db.transaction().execute(async (tx) => {
    const locked = await lockOrder(tx, found.id);
    if (!locked) return 'missing' as const;
    if (locked.status === 'cancelled') return 'cancelled' as const;
    const done = await cancelUnshippedOrder(tx, found.id, {
      now,
      description: `Cancelled by the store through the Orders API${input.reason ? `: ${input.reason}` : ''}`,
    });
    return done ? ('cancelled' as const) : locked.status;
  });
  if (outcome === 'missing') return errorAnswer('ORDER_NOT_FOUND');
  if (outcome !== 'cancelled') {
    return errorAnswer('ORDER_NOT_CANCELLABLE', {
      message: `The order is ${outcome.replace(/_/g, ' ')}; it can no longer be cancelled.`,
      details: { status: outcome },
    });
  }
  deps.logger.info({ orderId: found.id, orderNumber: found.orderNumber }, 'order cancelled through the Orders API');
  return apiOrderAnswer(deps, await getOrderById(deps.db, found.id));
}
