import { useQuery, useQueryClient } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { formatDateTime, formatPaise } from '../../shared/format';
import { useTRPC } from '../data/trpc';
import { PaymentBadge, StatusBadge } from '../ui/badge';
import { ErrorCallout } from '../ui/callout';
import { LoadingBlock, Spinner } from '../ui/spinner';
import { OrderDetails } from './order-details';

/**
 * Order Details: a native modal <dialog>, which traps focus and closes on Escape by itself.
 * While open, the order is refetched every 2 s so webhooks show up as they land.
 */
const SOURCE_LABEL = {
  manual: 'this app',
  api: 'the Orders API',
  csv: 'a CSV import',
  shopify: 'Shopify',
  woocommerce: 'WooCommerce',
} as const;

export function OrderDialog({ orderId, onClose }: { orderId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const ref = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  const detail = useQuery(
    trpc.orders.get.queryOptions(
      { orderId },
      { refetchInterval: (query) => (query.state.status === 'error' ? false : 2_000) },
    ),
  );
  const status = detail.data?.order.status;

  // A webhook moved the order while it was open: the list behind the dialog follows.
  const seenStatus = useRef(status);
  useEffect(() => {
    if (status && seenStatus.current && status !== seenStatus.current)
      void queryClient.invalidateQueries(trpc.orders.list.pathFilter());
    seenStatus.current = status;
  }, [status, queryClient, trpc]);

  useEffect(() => {
    const dialog = ref.current;
    // No cleanup: removing an open dialog from the DOM takes it out of the top layer without a
    // `close` event, whereas close() here would fire onClose during StrictMode's re-run.
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const close = () => ref.current?.close();
  const data = detail.data;

  return (
    <dialog
      ref={ref}
      className="dialog order-dialog"
      aria-labelledby="order-dialog-title"
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === e.currentTarget) close();
      }}
    >
      <div className="dialog-frame">
        <header className="dialog-header">
          <div className="dialog-heading">
            <p className="eyebrow">Order Details</p>
            <h2 id="order-dialog-title" className="dialog-title">
              {data ? data.order.orderNumber : 'Order'}
              {data && <StatusBadge status={data.order.status} />}
              {data && <PaymentBadge method={data.order.paymentMethod} />}
            </h2>
            {data && (
              <p className="muted">
                Placed {formatDateTime(data.order.placedAt)} · {data.customer.name} ·{' '}
                {formatPaise(data.order.totalPaise)}
                {data.order.source !== 'manual' && (
                  <span data-testid="order-source">
                    {' '}
                    · from {SOURCE_LABEL[data.order.source]}
                    {data.order.externalId && <span className="mono"> {data.order.externalId}</span>}
                    {data.order.storeOrderNumber && data.order.storeOrderNumber !== data.order.orderNumber && (
                      <span> (the store's number {data.order.storeOrderNumber})</span>
                    )}
                  </span>
                )}
              </p>
            )}
          </div>
          <div className="dialog-header-end">
            {detail.isFetching && data && <Spinner label="Refreshing" />}
            <button type="button" className="btn btn-ghost btn-icon" onClick={close} aria-label="Close order details">
              <X size={18} aria-hidden="true" />
            </button>
          </div>
        </header>
        <div className="dialog-body">
          {detail.isPending ? (
            <LoadingBlock label="Loading the order…" />
          ) : detail.isError && !data ? (
            <ErrorCallout
              error={detail.error}
              title="This order could not be loaded"
              onRetry={() => void detail.refetch()}
            />
          ) : data ? (
            <OrderDetails detail={data} stale={detail.isError} />
          ) : null}
        </div>
      </div>
    </dialog>
  );
}
