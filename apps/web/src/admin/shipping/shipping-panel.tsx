import type { OrderDetail } from '../data/order-queries';
import { Section } from '../ui/section';
import { LoadingBlock } from '../ui/spinner';
import { BookedShipment } from './booked-shipment';
import { LastAttempt } from './last-attempt';
import { ResolveBooking } from './resolve-booking';
import { ShipForm } from './ship-form';

/**
 * The shipping side of Order Details. Which part shows is the server's decision (`shipping.panel`,
 * with the reason when shipping is blocked); this only renders it.
 */
export function ShippingPanel({ detail }: { detail: OrderDetail }) {
  const { order, shipment, shipping } = detail;
  switch (shipping.panel) {
    case 'booked':
      return shipment ? (
        <BookedShipment
          orderId={order.id}
          trackingLink={detail.trackingLink}
          paymentMethod={order.paymentMethod}
          shipment={shipment}
        />
      ) : null;
    case 'resolve':
      return shipment ? <ResolveBooking orderId={order.id} shipment={shipment} /> : null;
    case 'booking':
      return (
        <Section title="Shipping">
          <LoadingBlock label="Booking with iCarry… (started in another tab or by a colleague)" />
        </Section>
      );
    case 'blocked':
      return (
        <Section title="Shipping">
          <p className="muted" data-testid="blocked-reason">
            {shipping.blockedReason ?? 'This order cannot be shipped right now.'}
          </p>
          {shipping.lastAttempt && <LastAttempt shipment={shipping.lastAttempt} />}
        </Section>
      );
    case 'ship':
      return <ShipForm detail={detail} />;
  }
}
