import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { CircleAlert } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { RouterInputs } from '../../shared/api';
import { BatchesStrip } from '../bulk/batches-strip';
import { ClosedFilterBanner, useClosedFilter } from './closed-filter';
import { CodConfirmationFilter } from './cod-confirmation-filter';
import { useTRPC } from '../data/trpc';
import { OrderDialog } from '../order-details/order-dialog';
import { ErrorCallout } from '../ui/callout';
import { OrderSearch } from './order-search';
import { NdrTable } from './ndr-table';
import { OrderTabs } from './order-tabs';
import { closeOrder, isFilterTab, isStatusTab, openOrder, useOrdersQuery } from './orders-paths';
import { OrdersTable } from './orders-table';
import { Pager } from './pager';
import { SelectionBar } from './selection-bar';
import { StuckTable } from './stuck-table';
import { useSelection } from './use-selection';

const PAGE_SIZE = 25;

/**
 * Orders: tabs with counts (statuses, NDR, and the packing table's Stuck, Returns and RTO), search,
 * keyset pages, ticked rows for bulk ship and labels; `orderId` opens Order Details over the list.
 */
export function OrdersPage({ orderId }: { orderId: string | null }) {
  const trpc = useTRPC();
  const { tab, search, codConfirmation } = useOrdersQuery();
  const closed = useClosedFilter();
  // Keyset pagination: a stack of cursors; the last one is the page on screen.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  // Orders whose address check found a problem (the server decides; the list filters on its verdict).
  const [addressOnly, setAddressOnly] = useState(false);
  useEffect(() => setCursors([null]), [tab, search, addressOnly, codConfirmation]);
  const selection = useSelection(`${tab}|${search}`);

  const input: RouterInputs['orders']['list'] = {
    limit: PAGE_SIZE,
    cursor: cursors[cursors.length - 1] ?? null,
    ...(isStatusTab(tab) ? { status: tab } : isFilterTab(tab) ? { filter: tab } : {}),
    ...(search ? { search } : {}),
    ...(addressOnly ? { addressCheck: 'problems' as const } : {}),
    ...(codConfirmation ? { codConfirmation } : {}),
    ...(closed ? { closed } : {}),
  };
  const list = useQuery(
    trpc.orders.list.queryOptions(input, { placeholderData: keepPreviousData, refetchInterval: 15_000 }),
  );
  const ndrs = useQuery(trpc.orders.ndrList.queryOptions({}, { refetchInterval: 15_000 }));
  const tabCounts = useQuery(trpc.packing.tabCounts.queryOptions(undefined, { refetchInterval: 15_000 }));
  const stuck = useQuery(
    trpc.packing.stuck.queryOptions(undefined, { enabled: tab === 'stuck', refetchInterval: 30_000 }),
  );
  const nextCursor = list.isPlaceholderData ? null : (list.data?.nextCursor ?? null);
  const rows = list.isPlaceholderData ? undefined : list.data?.items;

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Orders</h1>
          <p className="muted">Ship paid orders with iCarry and follow them to the customer’s door.</p>
        </div>
        <OrderSearch search={search} />
      </div>

      <BatchesStrip />

      {closed && <ClosedFilterBanner filter={closed} />}

      <OrderTabs current={tab} counts={list.data?.counts} ndrCount={ndrs.data?.length} filterCounts={tabCounts.data} />

      {tab === 'ndr' ? (
        <NdrTable query={ndrs} onView={(id) => openOrder(id)} />
      ) : tab === 'stuck' ? (
        <StuckTable query={stuck} onView={(id) => openOrder(id)} />
      ) : (
        <div className="card table-card">
          <SelectionBar
            selection={selection}
            tab={tab}
            search={search}
            pageRowIds={rows?.map((row) => row.id) ?? []}
            hasMore={nextCursor !== null || cursors.length > 1}
            statusCount={isStatusTab(tab) && !addressOnly && !codConfirmation ? list.data?.counts[tab] : undefined}
          />
          <div className="card-pad address-filter list-filters">
            <label>
              <input
                type="checkbox"
                checked={addressOnly}
                onChange={(e) => setAddressOnly(e.currentTarget.checked)}
                data-testid="address-filter"
              />{' '}
              Only orders with an address problem
            </label>
            <CodConfirmationFilter value={codConfirmation} />
          </div>
          {list.isError && !list.data ? (
            <div className="card-pad">
              <ErrorCallout error={list.error} title="Orders could not be loaded" onRetry={() => void list.refetch()} />
            </div>
          ) : (
            <OrdersTable
              rows={list.data?.items}
              loading={list.isPending}
              fetching={list.isFetching && list.isPlaceholderData}
              onView={(id) => openOrder(id)}
              tab={tab}
              search={search}
              selection={selection}
            />
          )}
          {list.isError && list.data && (
            <p className="table-stale" role="status">
              <CircleAlert size={14} aria-hidden="true" /> Showing the last loaded list: {list.error.message}
            </p>
          )}
          <Pager
            page={cursors.length}
            shown={list.data?.items.length ?? null}
            onPrevious={() => setCursors((c) => c.slice(0, -1))}
            onNext={nextCursor ? () => setCursors((c) => [...c, nextCursor]) : null}
          />
        </div>
      )}

      {orderId && <OrderDialog key={orderId} orderId={orderId} onClose={closeOrder} />}
    </div>
  );
}
