import { formatDateTime, formatGrams } from '../../shared/format';
import type { Shipment } from '../data/order-queries';
import { PrintLabelButton } from '../labels/print-label-button';
import { ShipmentStatusBadge, Badge } from '../ui/badge';
import { Callout } from '../ui/callout';
import { Section } from '../ui/section';

/** Words for a return pickup that is not (or not yet) booked. */
const NOT_BOOKED: Partial<Record<Shipment['bookingState'], string>> = {
  booking: 'Booking with iCarry…',
  unknown: 'Outcome unknown',
  failed: 'Not booked',
  void: 'Voided',
  cancelled: 'Cancelled',
};

/** The order's return pickup: its own AWB, courier, status and label (a parcel travelling back to the store). */
export function ReturnShipment({ orderId, shipment }: { orderId: string; shipment: Shipment }) {
  const booked = shipment.bookingState === 'booked';
  return (
    <Section
      title="Return pickup"
      id="return"
      actions={
        booked ? (
          <ShipmentStatusBadge status={shipment.status} />
        ) : (
          <Badge tone="amber">{NOT_BOOKED[shipment.bookingState] ?? shipment.bookingState}</Badge>
        )
      }
    >
      <dl className="facts">
        <div className="fact-awb">
          <dt>Return AWB</dt>
          <dd>
            {shipment.awb ? (
              <span className="mono awb" data-testid="return-awb">
                {shipment.awb}
              </span>
            ) : (
              <span className="muted">None yet</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Courier</dt>
          <dd>{shipment.courierName ?? '—'}</dd>
        </div>
        {shipment.bookedAt && (
          <div>
            <dt>Booked</dt>
            <dd>{formatDateTime(shipment.bookedAt)}</dd>
          </div>
        )}
        <div>
          <dt>Weight</dt>
          <dd>{formatGrams(shipment.weightGrams)}</dd>
        </div>
        {shipment.returnReason && (
          <div className="fact-awb">
            <dt>Reason</dt>
            <dd>{shipment.returnReason}</dd>
          </div>
        )}
        {shipment.refundNote && (
          <div className="fact-awb">
            <dt>Refund note</dt>
            <dd>{shipment.refundNote}</dd>
          </div>
        )}
      </dl>
      {shipment.failureReason && !booked && (
        <Callout tone="warning" title="The return pickup is not booked">
          <p>{shipment.failureReason}</p>
        </Callout>
      )}
      {shipment.needsReview && (
        <Callout tone="warning" title="Needs review">
          <p>{shipment.reviewReason ?? 'Check the iCarry panel for this return pickup.'}</p>
        </Callout>
      )}
      {shipment.canPrintLabel && (
        <PrintLabelButton orderId={orderId} direction="return" labelPrintedAt={shipment.labelPrintedAt} />
      )}
    </Section>
  );
}
