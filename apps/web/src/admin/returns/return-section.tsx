import { HistorySection } from '../activity/history-section';
import type { OrderDetail } from '../data/order-queries';
import { Section } from '../ui/section';
import { CreateReturn } from './create-return';
import { ReturnShipment } from './return-shipment';

/**
 * Returns in Order Details, as the server decides (`returns.canCreate`, `returnShipment`): the form
 * while a return can be booked, else the return pickup with its own history.
 */
export function ReturnSection({ detail }: { detail: OrderDetail }) {
  const { order, returns, returnShipment } = detail;
  if (returns.canCreate) return <CreateReturn orderId={order.id} lastAttempt={returnShipment} />;
  if (returnShipment) {
    const history = detail.history.filter((entry) => entry.shipmentId === returnShipment.id);
    return (
      <>
        <ReturnShipment orderId={order.id} shipment={returnShipment} />
        {history.length > 0 && <HistorySection history={history} title="Return pickup history" id="return-history" />}
      </>
    );
  }
  // A delivered order that cannot be returned says why (e.g. it was not shipped through iCarry).
  if (order.status === 'delivered' && returns.blockedReason)
    return (
      <Section title="Return">
        <p className="muted">{returns.blockedReason}</p>
      </Section>
    );
  return null;
}
