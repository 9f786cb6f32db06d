import type { RouterOutputs } from '../../shared/api';
import type { Tone } from '../../shared/labels';
import { orderHref } from '../router/order-links';
import { AppLink } from '../ui/app-link';
import { Badge } from '../ui/badge';

type BatchItem = RouterOutputs['orders']['batch']['items'][number];

export const ITEM_STATE: Record<BatchItem['state'], { label: string; tone: Tone }> = {
  queued: { label: 'Waiting', tone: 'gray' },
  booking: { label: 'Booking…', tone: 'blue' },
  booked: { label: 'Booked', tone: 'green' },
  failed: { label: 'Failed', tone: 'red' },
  unknown: { label: 'Outcome unknown', tone: 'amber' },
  skipped: { label: 'Skipped', tone: 'gray' },
};

/** One row per order of the batch: its state, AWB and courier once booked, the reason when not. */
export function BatchItems({ items }: { items: readonly BatchItem[] }) {
  return (
    <div className="table-scroll">
      <table className="table batch-table" aria-label="Orders in this bulk shipment">
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">State</th>
            <th scope="col">AWB</th>
            <th scope="col">Courier</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.orderId} data-order={item.orderNumber} data-state={item.state}>
              <td>
                <AppLink href={orderHref(item.orderId)} className="link order-number">
                  {item.orderNumber}
                </AppLink>
              </td>
              <td>
                <Badge tone={ITEM_STATE[item.state].tone}>{ITEM_STATE[item.state].label}</Badge>
              </td>
              <td className="mono" data-testid="batch-awb">
                {item.awb ?? <span className="subtle">—</span>}
              </td>
              <td>{item.courierName ?? <span className="subtle">—</span>}</td>
              <td>
                {item.error && <span className="field-error">{item.error}</span>}
                {item.note && <span className="subtle"> {item.note}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
