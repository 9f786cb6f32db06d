import type { RouterOutputs } from '../../shared/api';
import { ORDER_STATUS_LABEL } from '../../shared/labels';
import { showTab, TAB_ORDER, type OrdersTab } from './orders-paths';

type StatusCounts = RouterOutputs['orders']['list']['counts'];

/** Tab words: the status labels, shortened where a tab has little room. */
const TAB_LABEL: Record<OrdersTab, string> = {
  ...ORDER_STATUS_LABEL,
  returning: 'Returning',
  all: 'All orders',
  ndr: 'NDR',
};

export function OrderTabs({
  current,
  counts,
  ndrCount,
}: {
  current: OrdersTab;
  counts: StatusCounts | undefined;
  /** Open failed deliveries (the NDR tab). */
  ndrCount: number | undefined;
}) {
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
  return (
    <nav className="tabs" aria-label="Filter by status">
      {TAB_ORDER.map((tab) => {
        const count = tab === 'all' ? total : tab === 'ndr' ? ndrCount : counts?.[tab];
        const active = tab === current;
        return (
          <button
            key={tab}
            type="button"
            className={`tab${active ? ' tab-active' : ''}${count === 0 ? ' tab-empty' : ''}`}
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
