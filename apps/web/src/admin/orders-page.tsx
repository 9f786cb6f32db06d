import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ChevronLeft, ChevronRight, CircleAlert, PackageSearch, Search, X } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import type { RouterInputs, RouterOutputs } from '../shared/api';
import { formatDate, formatPaise, formatTime } from '../shared/format';
import { ORDER_STATUS_LABEL, type OrderStatus } from '../shared/labels';
import { useTRPC } from './trpc';
import type { Mode } from './app';
import { OrderDialog } from './order-dialog';
import { useRoute } from './router';
import { EmptyState, ErrorCallout, PaymentBadge, StatusBadge } from './ui';

type ListOutput = RouterOutputs['orders']['list'];
export type OrderRow = ListOutput['items'][number];

const PAGE_SIZE = 25;

/** Processing first: it is the queue the team works through. */
const TABS: { key: OrderStatus | 'all'; label: string }[] = [
  { key: 'processing', label: 'Processing' },
  { key: 'shipped', label: ORDER_STATUS_LABEL.shipped },
  { key: 'out_for_delivery', label: ORDER_STATUS_LABEL.out_for_delivery },
  { key: 'delivered', label: ORDER_STATUS_LABEL.delivered },
  { key: 'returning', label: 'Returning' },
  { key: 'returned', label: ORDER_STATUS_LABEL.returned },
  { key: 'cancelled', label: ORDER_STATUS_LABEL.cancelled },
  { key: 'lost', label: ORDER_STATUS_LABEL.lost },
  { key: 'pending', label: ORDER_STATUS_LABEL.pending },
  { key: 'all', label: 'All orders' },
];

function isTab(value: string | null): value is OrderStatus | 'all' {
  return TABS.some((t) => t.key === value);
}

export function OrdersPage({ mode }: { mode: Mode }) {
  const trpc = useTRPC();
  const route = useRoute();
  const { go } = route;
  const statusParam = route.params.get('status');
  const tab: OrderStatus | 'all' = isTab(statusParam) ? statusParam : 'processing';
  const search = route.params.get('q') ?? '';
  const [draft, setDraft] = useState(search);
  // Keyset pagination: a stack of cursors; the last one is the page on screen.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const searchId = useId();

  useEffect(() => setDraft(search), [search]);
  useEffect(() => setCursors([null]), [tab, search]);
  useEffect(() => {
    const next = draft.trim();
    if (next === search) return;
    const timer = setTimeout(() => go({ params: { q: next || undefined } }, { replace: true }), 300);
    return () => clearTimeout(timer);
  }, [draft, search, go]);

  const cursor = cursors[cursors.length - 1] ?? null;
  const input: RouterInputs['orders']['list'] = {
    limit: PAGE_SIZE,
    cursor,
    ...(tab === 'all' ? {} : { status: tab }),
    ...(search ? { search } : {}),
  };
  const list = useQuery(
    trpc.orders.list.queryOptions(input, { placeholderData: keepPreviousData, refetchInterval: 15_000 }),
  );
  const counts = list.data?.counts;
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
  const page = cursors.length;

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Orders</h1>
          <p className="muted">Ship paid orders with iCarry and follow them to the customer’s door.</p>
        </div>
        <form className="search" role="search" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor={searchId} className="visually-hidden">
            Search orders
          </label>
          <Search size={16} aria-hidden="true" className="search-icon" />
          <input
            id={searchId}
            type="search"
            placeholder="Order number, customer, phone or AWB"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
          {draft && (
            <button type="button" className="search-clear" aria-label="Clear search" onClick={() => setDraft('')}>
              <X size={14} aria-hidden="true" />
            </button>
          )}
        </form>
      </div>

      <nav className="tabs" aria-label="Filter by status">
        {TABS.map((t) => {
          const count = t.key === 'all' ? total : counts?.[t.key];
          const active = t.key === tab;
          return (
            <button
              key={t.key}
              type="button"
              className={`tab${active ? ' tab-active' : ''}${count === 0 ? ' tab-empty' : ''}`}
              aria-current={active ? 'page' : undefined}
              onClick={() => route.go({ params: { status: t.key === 'processing' ? undefined : t.key } })}
            >
              {t.label}
              <span className="tab-count">{count ?? '–'}</span>
            </button>
          );
        })}
      </nav>

      <div className="card table-card">
        {list.isError && !list.data ? (
          <div className="card-pad">
            <ErrorCallout error={list.error} title="Orders could not be loaded" onRetry={() => void list.refetch()} />
          </div>
        ) : (
          <OrdersTable
            rows={list.data?.items}
            loading={list.isPending}
            fetching={list.isFetching && list.isPlaceholderData}
            onView={(id) => route.go({ orderId: id })}
            tab={tab}
            search={search}
          />
        )}
        {list.isError && list.data && (
          <p className="table-stale" role="status">
            <CircleAlert size={14} aria-hidden="true" /> Showing the last loaded list: {list.error.message}
          </p>
        )}
        <footer className="pager">
          <span className="muted">
            {list.data
              ? `Page ${page}${list.data.items.length ? ` · ${list.data.items.length} order${list.data.items.length === 1 ? '' : 's'}` : ''}`
              : ' '}
          </span>
          <div className="pager-buttons">
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              disabled={page <= 1}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              <ChevronLeft size={14} aria-hidden="true" /> Previous
            </button>
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              disabled={!list.data?.nextCursor || list.isPlaceholderData}
              onClick={() => {
                const next = list.data?.nextCursor;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              Next <ChevronRight size={14} aria-hidden="true" />
            </button>
          </div>
        </footer>
      </div>

      {route.orderId && (
        <OrderDialog
          key={route.orderId}
          orderId={route.orderId}
          mode={mode}
          onClose={() => route.go({ orderId: null })}
        />
      )}
    </div>
  );
}

function OrdersTable({
  rows,
  loading,
  fetching,
  onView,
  tab,
  search,
}: {
  rows: OrderRow[] | undefined;
  loading: boolean;
  fetching: boolean;
  onView: (id: string) => void;
  tab: OrderStatus | 'all';
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
