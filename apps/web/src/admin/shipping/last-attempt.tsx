import { formatRelative } from '../../shared/format';
import type { Shipment } from '../data/order-queries';

/** Words for the ended bookings the server reports as the last attempt. */
const ENDED: Partial<Record<Shipment['bookingState'], string>> = {
  cancelled: 'Last shipment was cancelled',
  void: 'Last booking was voided',
  failed: 'Last booking attempt failed',
};

export function LastAttempt({ shipment }: { shipment: Shipment }) {
  return (
    <p className="last-attempt">
      <strong>{ENDED[shipment.bookingState] ?? 'Last booking attempt'}</strong>
      {shipment.awb && <span className="mono"> (AWB {shipment.awb})</span>}
      {shipment.failureReason && <span>: {shipment.failureReason}</span>}{' '}
      <span className="subtle">· {formatRelative(shipment.createdAt)}</span>
    </p>
  );
}
