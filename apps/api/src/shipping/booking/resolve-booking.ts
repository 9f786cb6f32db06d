import type { ShipmentDirection } from '@app/shipping';
import {
  clearOrderAttention,
  findShipmentByAwb,
  findPushedClientRef,
  findShipmentByProviderId,
  findUnsettledShipment,
  getShipmentById,
  insertNote,
  moveBookingState,
} from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { settleBooked } from '../shipments/settle-booking';
import { isShipmentResolvable, toShipmentView, type ShipmentView } from '../shipments/shipment.view';
import { applyWaitingPushes } from '../shipments/waiting-pushes';

export type ResolveBookingInput = { orderId: string; adminId: string; direction?: ShipmentDirection | undefined } & (
  | { outcome: 'booked'; providerShipmentId: string; awb?: string | undefined; courierName?: string | undefined }
  | { outcome: 'not_booked' }
);

/**
 * Settles a booking whose outcome was unknown: either the admin found it in the iCarry panel
 * (we adopt it, fetching the AWB when we can) or confirmed nothing was booked (the order can be
 * shipped again). Only a shipment still unsettled changes; a booking call that returns meanwhile
 * finds the row settled and flags the order instead (see settleBooked).
 */
export async function resolveBooking(deps: AppDeps, input: ResolveBookingInput): Promise<ShipmentView> {
  const { db, clock } = deps;
  const shipment = await findUnsettledShipment(db, input.orderId, input.direction ?? 'forward');
  if (!shipment || !isShipmentResolvable(shipment, deps.config, clock.now())) throw new AppError('BOOKING_NOT_UNKNOWN');
  if (input.outcome === 'not_booked') {
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      const moved = await moveBookingState(tx, shipment.id, {
        from: ['unknown', 'booking'],
        to: 'void',
        reason: 'Admin confirmed nothing was booked in iCarry',
        now,
      });
      if (!moved) throw new AppError('BOOKING_NOT_UNKNOWN');
      await clearOrderAttention(tx, input.orderId, { onlyKind: 'booking_unknown' });
      await insertNote(tx, {
        orderId: input.orderId,
        kind: 'system',
        body:
          shipment.direction === 'return'
            ? 'Return pickup with unknown outcome resolved: nothing was booked. A return can be booked again.'
            : 'Booking with unknown outcome resolved: nothing was booked. The order can be shipped again.',
        authorAdminId: input.adminId,
        now,
      });
    });
    return toShipmentView(await getShipmentById(db, shipment.id), deps.config, clock.now());
  }

  const taken =
    (await findShipmentByProviderId(db, input.providerShipmentId)) ??
    (input.awb ? await findShipmentByAwb(db, input.awb) : undefined);
  if (taken && taken.id !== shipment.id && taken.bookingState !== 'void') throw new AppError('BOOKING_REF_TAKEN');
  // iCarry's pushes echo the client_order_id the booking sent: a shipment booked for another order is refused.
  const pushedRef = await findPushedClientRef(db, input.providerShipmentId);
  if (pushedRef && pushedRef !== shipment.clientRef) {
    throw new AppError('BOOKING_REF_MISMATCH', {
      userMessage: `iCarry shipment ${input.providerShipmentId} was booked as ${pushedRef}, not ${shipment.clientRef}. Check the id in the iCarry panel.`,
    });
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
  const settled = await db.transaction().execute(async (tx) => {
    const result = await settleBooked(
      deps,
      tx,
      shipment.id,
      { providerShipmentId: input.providerShipmentId, awb, courierId: null, courierName, trackingUrl, costPaise: null },
      'admin',
    );
    if (!result.settled) return false;
    await insertNote(tx, {
      orderId: input.orderId,
      kind: 'system',
      body: `Booking with unknown outcome resolved by an admin: iCarry shipment ${input.providerShipmentId}${awb ? `, AWB ${awb}` : ''}.`,
      authorAdminId: input.adminId,
      now: clock.now(),
    });
    return true;
  });
  if (!settled) throw new AppError('BOOKING_NOT_UNKNOWN');
  await applyWaitingPushes(deps, shipment.id);
  return toShipmentView(await getShipmentById(db, shipment.id), deps.config, clock.now());
}
