import { HistorySection } from '../activity/history-section';
import { InboxSection } from '../activity/inbox-section';
import { MessagesSection } from '../activity/messages-section';
import { NotesSection } from '../activity/notes-section';
import { useMode } from '../data/me';
import type { OrderDetail } from '../data/order-queries';
import { ReturnSection } from '../returns/return-section';
import { SandboxControls } from '../sandbox/sandbox-controls';
import { ShippingPanel } from '../shipping/shipping-panel';
import { Callout } from '../ui/callout';
import { AddressSection } from './address-section';
import { AttentionBanner } from './attention-banner';
import { ItemsSection } from './items-section';
import { ParcelSection } from './parcel-section';
import { StatusOverride } from './status-override';

/** The dialog's body: the order on the left, what to do with it (ship, return, sandbox, address, override) on the right. */
export function OrderDetails({ detail, stale }: { detail: OrderDetail; stale: boolean }) {
  const mode = useMode();
  const { order, shipping } = detail;
  const booked = shipping.panel === 'booked' ? detail.shipment : null;
  const hasActivity = detail.shipments.length > 0 || detail.history.length > 0;
  return (
    <div className="details">
      <div className="details-main">
        {stale && (
          <Callout tone="warning" title="Showing the last loaded details">
            <p>The order could not be refreshed. Check your connection.</p>
          </Callout>
        )}
        {order.needsAttention && (
          <AttentionBanner orderId={order.id} kind={order.attentionKind} reason={order.attentionReason} />
        )}
        <ItemsSection detail={detail} />
        <ParcelSection detail={detail} />
        {hasActivity && <HistorySection history={detail.history} />}
        <NotesSection orderId={order.id} notes={detail.notes} />
        {hasActivity && <MessagesSection orderId={order.id} />}
        {hasActivity && <InboxSection orderId={order.id} />}
      </div>
      <aside className="details-side">
        <ShippingPanel detail={detail} />
        <ReturnSection detail={detail} />
        {mode === 'sandbox' && booked && <SandboxControls orderId={order.id} parcelGrams={booked.weightGrams} />}
        <AddressSection detail={detail} />
        <StatusOverride orderId={order.id} status={order.status} />
      </aside>
    </div>
  );
}
