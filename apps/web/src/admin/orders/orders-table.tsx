import { MapPinOff, CircleAlert, PackageSearch } from 'lucide-react';
import { formatDate, formatPaise, formatTime } from '../../shared/format';
import type { OrderListRow } from '../data/order-queries';
import { Badge, PaymentBadge, ShipmentStatusBadge, StatusBadge } from '../ui/badge';
import { EmptyState } from '../ui/section';
import { TAB_LABEL } from './order-tabs';
import type { OrdersTab } from './orders-paths';
import type { Selection } from './use-selection';

const EMPTY_TEXT: Partial<Record<OrdersTab, string>> = {
  processing: 'New paid orders appear here, ready to ship.',
  returns: 'Orders with a return pickup booked from the customer appear here.',
  rto: 'Parcels the courier is bringing back, or has brought back, to you appear here.',
};

/** The header's "select all on this page" box: ticked when all are, mixed when some are. */
function PageCheckbox({ rowIds, selection }: { rowIds: string[]; selection: Selection }) {
  const ticked = rowIds.filter((id) => selection.selected.has(id)).length;
  const all = selection.allMatching || (rowIds.length > 0 && ticked === rowIds.length);
  return (
    <input
      type="checkbox"
      aria-label="Select all on this page"
      checked={all}
      disabled={rowIds.length === 0}
      ref={(box) => {
        if (box) box.indeterminate = !all && ticked > 0;
      }}
      onChange={(e) => selection.setPage(rowIds, e.target.checked)}
    />
  );
}

export function OrdersTable({
  rows,
  loading,
  fetching,
  onView,
  tab,
  search,
  selection,
}: {
  rows: OrderListRow[] | undefined;
  loading: boolean;
  fetching: boolean;
  onView: (id: string) => void;
  tab: Exclude<OrdersTab, 'ndr' | 'stuck'>;
  search: string;
  selection: Selection;
}) {
  if (!loading && rows?.length === 0) {
    return (
      <EmptyState
        title={
          search ? `No orders match “${search}”` : tab === 'all' ? 'No orders yet' : `No orders in ${TAB_LABEL[tab]}`
        }
        icon={<PackageSearch size={22} />}
      >
        {search
          ? 'Search looks at order numbers, customer names, phone numbers and AWBs.'
          : (EMPTY_TEXT[tab] ?? 'Orders move here as iCarry reports their progress.')}
      </EmptyState>
    );
  }
  return (
    <div className="table-scroll">
      <table className={`table orders-table${fetching ? ' is-fetching' : ''}`} aria-busy={loading || fetching}>
        <thead>
          <tr>
            <th scope="col" className="select">
              <PageCheckbox rowIds={rows?.map((row) => row.id) ?? []} selection={selection} />
            </th>
            <th scope="col">Order</th>
            <th scope="col">Date</th>
            <th scope="col">Customer</th>
            <th scope="col">City</th>
            <th scope="col">Payment</th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col">{tab === 'returns' ? 'Return status' : 'Status'}</th>
            <th scope="col">{tab === 'returns' ? 'Return AWB' : 'AWB'}</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {loading || !rows
            ? Array.from({ length: 8 }, (_, i) => (
                <tr key={i} className="skeleton-row" aria-hidden="true">
                  {Array.from({ length: 10 }, (_, j) => (
                    <td key={j}>
                      <span className="skeleton" />
                    </td>
                  ))}
                </tr>
              ))
            : rows.map((row) => {
                const ticked = selection.allMatching || selection.selected.has(row.id);
                return (
                  <tr key={row.id} data-order={row.orderNumber} className={ticked ? 'is-selected' : undefined}>
                    <td className="select cell-select">
                      <input
                        type="checkbox"
                        aria-label={`Select order ${row.orderNumber}`}
                        checked={ticked}
                        disabled={selection.allMatching}
                        onChange={(e) => selection.toggle(row.id, e.target.checked)}
                      />
                    </td>
                    <td className="cell-order">
                      <span className="order-number">{row.orderNumber}</span>
                      {row.externalId && row.externalId !== row.orderNumber && (
                        <span className="subtle mono" title={`External id (${row.source})`}>
                          {' '}
                          {row.externalId}
                        </span>
                      )}
                      {row.addressCheck && row.addressCheck !== 'ok' && (
                        <span
                          className={`address-flag address-flag-${row.addressCheck}`}
                          title={row.addressCheck === 'error' ? 'Address problem' : 'Check the address'}
                          role="img"
                          aria-label={row.addressCheck === 'error' ? 'Address problem' : 'Check the address'}
                          data-testid="address-flag"
                        >
                          <MapPinOff size={14} aria-hidden="true" />
                        </span>
                      )}
                      {row.needsAttention && (
                        <span className="attention-dot" title="Needs attention" role="img" aria-label="Needs attention">
                          <CircleAlert size={14} aria-hidden="true" />
                        </span>
                      )}
                    </td>
                    <td className="nowrap cell-date">
                      {formatDate(row.placedAt)}
                      <span className="subtle"> {formatTime(row.placedAt)}</span>
                    </td>
                    <td className="truncate cell-customer">{row.customerName}</td>
                    <td className="truncate cell-city">{row.city}</td>
                    <td className="cell-payment">
                      <PaymentBadge method={row.paymentMethod} />
                      {row.codConfirmation.short && (
                        <span
                          className="cod-check"
                          data-testid="cod-confirmation"
                          data-state={row.codConfirmation.state}
                        >
                          <Badge
                            tone={
                              row.codConfirmation.state === 'confirmed'
                                ? 'green'
                                : row.codConfirmation.state === 'pending'
                                  ? 'amber'
                                  : 'red'
                            }
                            title={`COD confirmation: ${row.codConfirmation.label}`}
                          >
                            {row.codConfirmation.short}
                          </Badge>
                        </span>
                      )}
                      {row.codRisk && (
                        <span className="risk-flag" data-testid="risk-flag">
                          <Badge tone="red" title={row.codRisk.reason}>
                            RTO risk
                          </Badge>
                        </span>
                      )}
                    </td>
                    <td className="num cell-total">{formatPaise(row.totalPaise)}</td>
                    <td className="cell-status">
                      {row.shipmentDirection === 'return' ? (
                        <span className="return-status">
                          <span className="subtle">Return </span>
                          <ShipmentStatusBadge status={row.shipmentStatus} />
                        </span>
                      ) : (
                        <StatusBadge status={row.status} />
                      )}
                    </td>
                    <td className="mono cell-awb" data-testid="list-awb">
                      {row.awb ?? <span className="subtle">—</span>}
                    </td>
                    <td className="actions cell-actions">
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
                );
              })}
        </tbody>
      </table>
    </div>
  );
}
