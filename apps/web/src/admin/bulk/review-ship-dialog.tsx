import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Truck, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { formatPaise } from '../../shared/format';
import { useTRPC } from '../data/trpc';
import { navigate } from '../router/navigation';
import { ErrorCallout } from '../ui/callout';
import { LoadingBlock, Spinner } from '../ui/spinner';
import { batchHref } from './bulk-paths';
import { CourierPolicyPicker, ModePicker, type ShipmentMode } from './courier-policy';
import { ReviewLists } from './review-lists';
import type { CourierPolicy, OrderSelectionInput } from './selection-input';
import '../packing.css';

const orders = (n: number) => `${n} order${n === 1 ? '' : 's'}`;

/**
 * Bulk ship, step two: the server's review of the selection (counts, cash to collect, fallbacks,
 * unserviceable pincodes, couriers) under the chosen courier policy, then Ship, which starts the
 * batch and opens its progress page. A native modal <dialog>, like Order Details.
 */
export function ReviewShipDialog({
  selection,
  onClose,
  onStarted,
}: {
  selection: OrderSelectionInput;
  onClose: () => void;
  onStarted: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ref = useRef<HTMLDialogElement>(null);
  const [policy, setPolicy] = useState<CourierPolicy>('cheapest');
  const [mode, setMode] = useState<ShipmentMode>('surface');
  // Unconfirmed COD orders are skipped unless the admin ships them anyway (recorded on each order).
  const [codOverride, setCodOverride] = useState(false);
  const override = codOverride ? { confirmOverride: true } : {};
  const review = useQuery(
    trpc.orders.reviewShipMany.queryOptions(
      { ...selection, courierPolicy: policy, mode, ...override },
      { placeholderData: keepPreviousData, staleTime: 0, refetchOnWindowFocus: false },
    ),
  );
  const ship = useMutation(
    trpc.orders.shipMany.mutationOptions({
      onSuccess: ({ batchId }) => {
        void queryClient.invalidateQueries(trpc.orders.list.pathFilter());
        void queryClient.invalidateQueries(trpc.orders.batches.pathFilter());
        onStarted();
        navigate(batchHref(batchId));
      },
    }),
  );

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const data = review.data;
  const stale = review.isPlaceholderData || review.isFetching;
  const preferredName =
    typeof policy === 'string'
      ? null
      : (data?.couriers.find((c) => c.courierId === policy.courierId)?.courierName ?? null);
  const busy = ship.isPending || ship.isSuccess;

  return (
    <dialog ref={ref} className="dialog review-dialog" aria-labelledby="review-ship-title" onClose={onClose}>
      <div className="dialog-frame">
        <header className="dialog-header">
          <div className="dialog-heading">
            <p className="eyebrow">Bulk ship</p>
            <h2 id="review-ship-title" className="dialog-title">
              {data ? `Ship ${orders(data.count)} with iCarry` : 'Review the selection'}
            </h2>
            <p className="muted">Each order is booked once; the progress survives closing this tab.</p>
          </div>
          <div className="dialog-header-end">
            {stale && data && <Spinner label="Reviewing" />}
            <button
              type="button"
              className="btn btn-ghost btn-icon"
              onClick={() => ref.current?.close()}
              aria-label="Close the review"
            >
              <X size={18} aria-hidden="true" />
            </button>
          </div>
        </header>
        <div className="dialog-body" aria-busy={stale}>
          {review.isPending ? (
            <LoadingBlock label="Asking iCarry for prices and checking each order…" />
          ) : review.isError && !data ? (
            <ErrorCallout
              error={review.error}
              title="The selection could not be reviewed"
              onRetry={() => void review.refetch()}
            />
          ) : data ? (
            <>
              {review.isError && <ErrorCallout error={review.error} title="The review could not be refreshed" />}
              <dl className="facts review-facts" aria-label="Review">
                <div>
                  <dt>Selected</dt>
                  <dd>{orders(data.count)}</dd>
                </div>
                <div>
                  <dt>Ready to ship</dt>
                  <dd data-testid="shippable-count">{orders(data.readyCount)}</dd>
                </div>
                <div>
                  <dt>Estimated shipping</dt>
                  <dd>{formatPaise(data.estimatedCostPaise)}</dd>
                </div>
                <div>
                  <dt>Cash on delivery</dt>
                  <dd>
                    {orders(data.codCount)} · {formatPaise(data.totalCodPaise)} to collect
                  </dd>
                </div>
                <div>
                  <dt>Prepaid</dt>
                  <dd>{orders(data.prepaidCount)}</dd>
                </div>
              </dl>
              <CourierPolicyPicker
                policy={policy}
                couriers={data.couriers}
                shippable={data.readyCount}
                onChange={setPolicy}
                disabled={busy}
              />
              <ModePicker mode={mode} onChange={setMode} disabled={busy} spoiling={data.spoilage.length} />
              <ReviewLists
                review={data}
                preferredName={preferredName}
                codOverride={
                  <label className="cod-override">
                    <input
                      type="checkbox"
                      checked={codOverride}
                      disabled={busy}
                      onChange={(e) => setCodOverride(e.currentTarget.checked)}
                      data-testid="cod-override"
                    />{' '}
                    Ship them anyway, without the customer’s confirmation
                  </label>
                }
              />
              {ship.isError && <ErrorCallout error={ship.error} title="Not shipped" />}
            </>
          ) : null}
        </div>
        <footer className="dialog-footer">
          <span className="muted">
            {data
              ? [
                  data.willFail.length > 0 ? `${orders(data.willFail.length)} will fail` : '',
                  data.notShippable.length + data.unconfirmedCod.length > 0
                    ? `${orders(data.notShippable.length + data.unconfirmedCod.length)} skipped`
                    : '',
                ]
                  .filter(Boolean)
                  .join(' · ')
              : ''}
          </span>
          <button type="button" className="btn btn-ghost" onClick={() => ref.current?.close()} disabled={busy}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-ship"
            disabled={!data || data.readyCount === 0 || stale || busy}
            onClick={() => ship.mutate({ ...selection, courierPolicy: policy, mode, ...override })}
          >
            {busy ? <Spinner /> : <Truck size={16} aria-hidden="true" className="truck-icon" />}
            {ship.isPending ? 'Starting…' : data ? `Ship ${orders(data.readyCount)}` : 'Ship'}
          </button>
        </footer>
      </div>
    </dialog>
  );
}
