import { CircleAlert, PackageSearch } from 'lucide-react';
import { formatDate, formatPaise, formatTime } from '../../shared/format';
import { ORDER_STATUS_LABEL } from '../../shared/labels';
import type { OrderListRow } from '../data/order-queries';
import { PaymentBadge, StatusBadge } from '../ui/badge';
import { EmptyState } from '../ui/section';
import type { OrdersTab } from './orders-paths';

export function OrdersTable({
  rows,
  loading,
  fetching,
  onView,
  tab,
  search,
}: {
  rows: OrderListRow[] | undefined;
  loading: boolean;
  fetching: boolean;
  onView: (id: string) => void;
  tab: Exclude<OrdersTab, 'ndr'>;
  search: string;
}) {
  if (!loading && rows?.length === 0) {
    return (
      <EmptyState
        title={
          search
            ? `No orders match “${search}”`
            : tab === 'all'
              ? 'No orders yet'
              : `No orders in ${ORDER_STATUS_LABEL[tab]}`
        }
        icon={<PackageSearch size={22} />}
      >
        {search
          ? 'Search looks at order numbers, customer names, phone numbers and AWBs.'
          : tab === 'processing'
            ? 'New paid orders appear here, ready to ship.'
            : 'Orders move here as iCarry reports their progress.'}
      </EmptyState>
    );
  }
  return (
    <div className="table-scroll">
      <table className={`table orders-table${fetching ? ' is-fetching' : ''}`} aria-busy={loading || fetching}>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Date</th>
            <th scope="col">Customer</th>
            <th scope="col">City</th>
            <th scope="col">Payment</th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col">Status</th>
            <th scope="col">AWB</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {loading || !rows
            ? Array.from({ length: 8 }, (_, i) => (
                <tr key={i} className="skeleton-row" aria-hidden="true">
                  {Array.from({ length: 9 }, (_, j) => (
                    <td key={j}>
                      <span className="skeleton" />
                    </td>
                  ))}
                </tr>
              ))
            : rows.map((row) => (
                <tr key={row.id} data-order={row.orderNumber}>
                  <td>
                    <span className="order-number">{row.orderNumber}</span>
                    {row.externalId && row.externalId !== row.orderNumber && (
                      <span className="subtle mono" title={`External id (${row.source})`}>
                        {' '}
                        {row.externalId}
                      </span>
                    )}
                    {row.needsAttention && (
                      <span className="attention-dot" title="Needs attention" role="img" aria-label="Needs attention">
                        <CircleAlert size={14} aria-hidden="true" />
                      </span>
                    )}
                  </td>
                  <td className="nowrap">
                    {formatDate(row.placedAt)}
                    <span className="subtle"> {formatTime(row.placedAt)}</span>
                  </td>
                  <td className="truncate">{row.customerName}</td>
                  <td className="truncate">{row.city}</td>
                  <td>
                    <PaymentBadge method={row.paymentMethod} />
                  </td>
                  <td className="num">{formatPaise(row.totalPaise)}</td>
                  <td>
                    <StatusBadge status={row.status} />
                  </td>
                  <td className="mono">{row.awb ?? <span className="subtle">—</span>}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="btn btn-secondary btn-sm"
                      onClick={() => onView(row.id)}
                      aria-label={`View order ${row.orderNumber}`}
                    >
                      View
                    </button>
                  </td>
                </tr>
              ))}
        </tbody>
      </table>
    </div>
  );
}
