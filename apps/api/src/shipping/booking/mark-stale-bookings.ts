import { flagOrderAttention, markStaleBookings as markStaleBookingRows } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';

/** Bookings interrupted mid-call (a crash or deploy) become `unknown` so an admin resolves them; never re-booked blindly. */
export async function markStaleBookings(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  const rows = await markStaleBookingRows(deps.db, {
    cutoff: new Date(now.getTime() - deps.config.staleBookingMs),
    reason: 'The app stopped while booking, so the outcome is unknown. Check the iCarry panel.',
    now,
  });
  for (const row of rows) {
    await flagOrderAttention(deps.db, row.orderId, {
      kind: 'booking_unknown',
      reason: 'Booking outcome unknown: check the iCarry panel and resolve',
      now,
    });
    deps.logger.warn({ shipmentId: row.id, orderId: row.orderId }, '[iCarry] interrupted booking marked unknown');
  }
  return rows.length;
}
