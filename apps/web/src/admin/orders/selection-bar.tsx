import { Printer, Truck, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { OrderStatus } from '../../shared/labels';
import { ReviewShipDialog } from '../bulk/review-ship-dialog';
import type { OrderSelectionInput } from '../bulk/selection-input';
import { PrintLabelsPanel } from '../labels/print-labels-panel';
import { TAB_LABEL } from './order-tabs';
import { isStatusTab, type OrdersTab } from './orders-paths';
import type { Selection } from './use-selection';

/**
 * Above the list while orders are ticked: how many, "select all N matching" once the whole page is
 * ticked and there is more, and the bulk actions: Ship (the Processing queue) and Print labels.
 */
export function SelectionBar({
  selection,
  tab,
  search,
  pageRowIds,
  hasMore,
  statusCount,
}: {
  selection: Selection;
  tab: OrdersTab;
  search: string;
  /** The rows on screen. */
  pageRowIds: string[];
  /** Another page exists (before or after this one). */
  hasMore: boolean;
  /** Orders in this tab's status (the list's counts), unknown with a search. */
  statusCount: number | undefined;
}) {
  const [printing, setPrinting] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  const status: OrderStatus | null = isStatusTab(tab) ? tab : null;
  const matchingCount = search ? undefined : statusCount;
  const count = selection.allMatching ? matchingCount : selection.ids.length;
  const input: OrderSelectionInput | null =
    selection.allMatching && status
      ? { status, ...(search ? { search } : {}) }
      : selection.ids.length > 0
        ? { orderIds: selection.ids }
        : null;
  const inputKey = JSON.stringify(input);
  useEffect(() => setPrinting(false), [inputKey]);
  if (!input) return null;

  const pageTicked = pageRowIds.length > 0 && pageRowIds.every((id) => selection.selected.has(id));
  const where = status ? `in ${TAB_LABEL[status]}` : '';
  const matching = search ? `matching “${search}” ${where}` : where;
  const plural = (n: number | undefined) => (n === 1 ? 'order' : 'orders');

  return (
    <div role="region" aria-label="Selected orders">
      <div className="selection-bar">
        <span className="selection-count" role="status">
          {selection.allMatching
            ? `All ${count ?? ''} ${plural(count)} ${matching} selected`.replace(/\s+/g, ' ')
            : `${count} ${plural(count)} selected`}
        </span>
        {!selection.allMatching && status && pageTicked && hasMore && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={selection.selectAllMatching}>
            {matchingCount === undefined
              ? `Select all orders ${matching}`
              : `Select all ${matchingCount} ${plural(matchingCount)} ${matching}`}
          </button>
        )}
        <div className="selection-actions">
          {tab === 'processing' && (
            <button type="button" className="btn btn-ship btn-sm" onClick={() => setReviewing(true)}>
              <Truck size={14} aria-hidden="true" className="truck-icon" />{' '}
              {count === undefined ? 'Ship all matching orders' : `Ship ${count} ${plural(count)}`}
            </button>
          )}
          <button
            type="button"
            className="btn btn-secondary btn-sm"
            aria-expanded={printing}
            onClick={() => setPrinting((open) => !open)}
          >
            <Printer size={14} aria-hidden="true" /> Print labels
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={selection.clear}>
            <X size={14} aria-hidden="true" /> Clear selection
          </button>
        </div>
      </div>
      {printing && (
        <div className="selection-extra">
          <PrintLabelsPanel selection={input} actionLabel="Print labels for the selection" />
        </div>
      )}
      {reviewing && (
        <ReviewShipDialog
          selection={input}
          onClose={() => setReviewing(false)}
          onStarted={() => {
            setReviewing(false);
            selection.clear();
          }}
        />
      )}
    </div>
  );
}
