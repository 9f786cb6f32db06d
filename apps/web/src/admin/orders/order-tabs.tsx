import type { RouterOutputs } from '../../shared/api';
import { ORDER_STATUS_LABEL } from '../../shared/labels';
import { isFilterTab, showTab, TAB_ORDER, type OrdersTab } from './orders-paths';

type StatusCounts = RouterOutputs['orders']['list']['counts'];
type FilterCounts = RouterOutputs['packing']['tabCounts'];

/** Tab words: the status labels, shortened where a tab has little room. */
export const TAB_LABEL: Record<OrdersTab, string> = {
  ...ORDER_STATUS_LABEL,
  returning: 'Returning',
  lost: 'Lost',
  all: 'All',
  ndr: 'NDR',
  stuck: 'Stuck',
  returns: 'Returns',
  rto: 'RTO',
};

/** What each tab's badge counts, from the list's status counts, the NDR list and the packing table's tab counts. */
function countFor(
  tab: OrdersTab,
  counts: { status: StatusCounts | undefined; ndr: number | undefined; filters: FilterCounts | undefined },
): number | undefined {
  if (tab === 'all') return counts.status ? Object.values(counts.status).reduce((a, b) => a + b, 0) : undefined;
  if (tab === 'ndr') return counts.ndr;
  if (isFilterTab(tab)) return counts.filters?.[tab];
  return counts.status?.[tab];
}

export function OrderTabs({
  current,
  counts,
  ndrCount,
  filterCounts,
}: {
  current: OrdersTab;
  counts: StatusCounts | undefined;
  /** Open failed deliveries (the NDR tab). */
  ndrCount: number | undefined;
  /** Stuck, Returns and RTO (packing.tabCounts). */
  filterCounts: FilterCounts | undefined;
}) {
  return (
    <nav className="tabs" aria-label="Filter by status">
      {TAB_ORDER.map((tab) => {
        const count = countFor(tab, { status: counts, ndr: ndrCount, filters: filterCounts });
        const active = tab === current;
        return (
          <button
            key={tab}
            type="button"
            className={`tab${active ? ' tab-active' : ''}${count === 0 ? ' tab-empty' : ''}${tab === 'stuck' && count ? ' tab-alert' : ''}`}
            aria-current={active ? 'page' : undefined}
            onClick={() => showTab(tab)}
          >
            {TAB_LABEL[tab]}
            <span className="tab-count">{count ?? '–'}</span>
          </button>
        );
      })}
    </nav>
  );
}
