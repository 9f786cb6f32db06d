import { findActiveShipment, getShipmentById, insertHistory, moveBookingState, setOrderStatus } from '@app/db';
import { ICarryAPIError } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { recordShipmentMilestone } from '../../outbox/events/record-event';
import { isShipmentCancellable, toShipmentView, type ShipmentView } from '../shipments/shipment.view';
import { requireICarry, toAppError } from './icarry-errors';

/** Cancels a booked shipment before pickup (free on iCarry) and puts the order back to Processing. */
export async function cancelShipment(
  deps: AppDeps,
  input: { orderId: string; adminId: string; reason?: string | undefined },
): Promise<ShipmentView> {
  const icarry = requireICarry(deps);
  const shipment = await findActiveShipment(deps.db, input.orderId);
  if (!shipment || shipment.bookingState !== 'booked' || !shipment.providerShipmentId) {
    throw new AppError('SHIPMENT_NOT_FOUND');
  }
  if (!isShipmentCancellable(shipment)) throw new AppError('SHIPMENT_NOT_CANCELLABLE');
  try {
    await icarry.cancel(shipment.providerShipmentId);
  } catch (err) {
    if (err instanceof ICarryAPIError) {
      throw new AppError('SHIPMENT_NOT_CANCELLABLE', {
        userMessage: `iCarry would not cancel: ${err.message}`,
        cause: err,
      });
    }
    throw toAppError(err, 'the cancellation');
  }
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const moved = await moveBookingState(tx, shipment.id, {
      from: ['booked'],
      to: 'cancelled',
      reason: null,
      status: 'cancelled',
      now,
    });
    if (!moved) return;
    // An admin's cancellation is the one backward move: the order can be shipped again.
    await setOrderStatus(tx, input.orderId, 'processing', now);
    await insertHistory(tx, {
      orderId: input.orderId,
      shipmentId: shipment.id,
      orderStatus: 'processing',
      shipmentStatus: 'cancelled',
      source: 'admin',
      applied: true,
      recordedAt: now,
      description: `Shipment ${shipment.awb ?? shipment.providerShipmentId} cancelled before pickup${input.reason ? `: ${input.reason}` : ''}. Order back to Processing.`,
    });
    await recordShipmentMilestone(deps, tx, {
      milestone: 'cancelled',
      orderId: input.orderId,
      shipmentId: shipment.id,
    });
  });
  deps.logger.info({ orderId: input.orderId, shipmentId: shipment.id }, '[iCarry] shipment cancelled before pickup');
  return toShipmentView(await getShipmentById(deps.db, shipment.id), deps.config, deps.clock.now());
}
