import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CircleAlert, Mail, MessageCircle, Phone, Scale, X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { formatDateTime, formatGrams, formatPaise } from '../shared/format';
import { useTRPC } from './trpc';
import type { Mode } from './app';
import { HistorySection, InboxSection, MessagesSection, NotesSection } from './order-activity';
import { useRefreshOrder, type OrderDetail } from './order-data';
import { SandboxControls } from './sandbox-controls';
import { ShippingPanel } from './shipping-panel';
import { StatusOverride } from './status-override';
import { Callout, ErrorCallout, LoadingBlock, PaymentBadge, Section, Spinner, StatusBadge } from './ui';

/**
 * Order Details: a native modal <dialog>, which traps focus and closes on Escape by itself.
 * While open, the order is refetched every 2 s so webhooks show up as they land.
 */
export function OrderDialog({ orderId, mode, onClose }: { orderId: string; mode: Mode; onClose: () => void }) {
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
            <OrderDetails detail={data} mode={mode} stale={detail.isError} />
          ) : null}
        </div>
      </div>
    </dialog>
  );
}

function OrderDetails({ detail, mode, stale }: { detail: OrderDetail; mode: Mode; stale: boolean }) {
  const { order, shipment } = detail;
  const booked = shipment?.bookingState === 'booked' ? shipment : null;
  const hasActivity = detail.shipments.length > 0 || detail.history.length > 0;
  return (
    <div className="details">
      <div className="details-main">
        {stale && (
          <Callout tone="warning" title="Showing the last loaded details">
            <p>The order could not be refreshed. Check your connection.</p>
          </Callout>
        )}
        {order.needsAttention && <AttentionBanner orderId={order.id} reason={order.attentionReason} />}
        <ItemsSection detail={detail} />
        <ParcelSection detail={detail} />
        {hasActivity && <HistorySection history={detail.history} />}
        <NotesSection orderId={order.id} notes={detail.notes} />
        {hasActivity && <MessagesSection orderId={order.id} />}
        {hasActivity && <InboxSection orderId={order.id} />}
      </div>
      <aside className="details-side">
        <ShippingPanel detail={detail} />
        {mode === 'sandbox' && booked && <SandboxControls orderId={order.id} parcelGrams={booked.weightGrams} />}
        <Section title="Delivery address">
          <address className="address">
            <strong>{order.shippingAddress.name}</strong>
            <span>{order.shippingAddress.line1}</span>
            {order.shippingAddress.line2 && <span>{order.shippingAddress.line2}</span>}
            <span>
              {order.shippingAddress.city}, {order.shippingAddress.state}{' '}
              <span className="mono">{order.shippingAddress.pincode}</span>
            </span>
          </address>
          <ul className="contact">
            <li>
              <Phone size={14} aria-hidden="true" /> <span className="visually-hidden">Phone: </span>
              {order.contactPhone}
            </li>
            {order.contactEmail && (
              <li>
                <Mail size={14} aria-hidden="true" /> <span className="visually-hidden">Email: </span>
                {order.contactEmail}
              </li>
            )}
            <li>
              <MessageCircle size={14} aria-hidden="true" /> WhatsApp updates{' '}
              {detail.customer.whatsappOptIn ? 'on' : 'off'}
            </li>
          </ul>
        </Section>
        <StatusOverride orderId={order.id} status={order.status} />
      </aside>
    </div>
  );
}

function AttentionBanner({ orderId, reason }: { orderId: string; reason: string | null }) {
  const trpc = useTRPC();
  const refresh = useRefreshOrder(orderId);
  const clear = useMutation(trpc.orders.clearAttention.mutationOptions({ onSuccess: refresh }));
  return (
    <Callout tone="warning" title="Needs attention" icon={<CircleAlert size={18} />}>
      <p>{reason ?? 'Something about this order needs a person to look at it.'}</p>
      <div className="callout-actions">
        <button
          type="button"
          className="btn btn-secondary btn-sm"
          onClick={() => clear.mutate({ orderId })}
          disabled={clear.isPending}
        >
          {clear.isPending && <Spinner />} Mark as handled
        </button>
        {clear.isError && <span className="field-error">{clear.error.message}</span>}
      </div>
    </Callout>
  );
}

function ItemsSection({ detail }: { detail: OrderDetail }) {
  const { order, items } = detail;
  return (
    <Section title={`Items (${items.reduce((n, i) => n + i.quantity, 0)})`}>
      <table className="table items-table">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Weight</th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td>
                <span className="item-name">{item.name}</span>
                <span className="subtle mono item-sku">{item.sku}</span>
              </td>
              <td>{item.weightText ?? <span className="subtle">not set</span>}</td>
              <td className="num">
                {item.quantity} × {formatPaise(item.unitPricePaise)}
              </td>
              <td className="num">{formatPaise(item.lineTotalPaise)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Subtotal
            </th>
            <td className="num">{formatPaise(order.subtotalPaise)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              Shipping
            </th>
            <td className="num">{order.shippingPaise ? formatPaise(order.shippingPaise) : 'Free'}</td>
          </tr>
          {order.discountPaise > 0 && (
            <tr>
              <th scope="row" colSpan={3}>
                Discount
              </th>
              <td className="num">−{formatPaise(order.discountPaise)}</td>
            </tr>
          )}
          <tr className="total-row">
            <th scope="row" colSpan={3}>
              Total {order.paymentMethod === 'cod' ? '(collect on delivery)' : '(paid online)'}
            </th>
            <td className="num">{formatPaise(order.totalPaise)}</td>
          </tr>
        </tfoot>
      </table>
    </Section>
  );
}

function ParcelSection({ detail }: { detail: OrderDetail }) {
  const { parcel, shipment } = detail;
  const declared = shipment?.bookingState === 'booked' ? shipment : null;
  const grams = declared?.weightGrams ?? parcel.weightGrams;
  const fallback = declared ? declared.weightFallback : parcel.usedFallback;
  return (
    <Section title="Parcel">
      <div className="parcel">
        <span className="parcel-icon" aria-hidden="true">
          <Scale size={18} />
        </span>
        <div>
          <p className="parcel-weight">
            {formatGrams(grams)}
            <span className="muted">
              {' '}
              · {parcel.lengthCm} × {parcel.breadthCm} × {parcel.heightCm} cm
            </span>
          </p>
          <p className="muted">
            {declared
              ? 'Declared to iCarry when booking.'
              : 'Computed from the product weights; this is what iCarry is quoted and booked with.'}
          </p>
        </div>
      </div>
      {fallback && (
        <Callout tone="warning" title="Weight is a guess: 0.5 kg fallback">
          <p>
            No product weight could be read, so the parcel is declared at 0.5 kg. If the courier weighs it heavier,
            iCarry charges the difference.
          </p>
        </Callout>
      )}
      {!fallback && parcel.unparsedItems.length > 0 && (
        <Callout tone="warning" title="Some item weights could not be read">
          <ul className="plain-list">
            {parcel.unparsedItems.map((item, i) => (
              <li key={`${item.sku ?? ''}-${i}`}>
                <strong>{item.name ?? item.sku ?? 'Item'}</strong>: “{item.weightText ?? 'no weight'}”, {item.reason}
              </li>
            ))}
          </ul>
          <p>They are left out of the weight above. Set a weight such as “500g” or “1kg” on the product.</p>
        </Callout>
      )}
      {fallback && parcel.unparsedItems.length > 0 && (
        <ul className="plain-list muted">
          {parcel.unparsedItems.map((item, i) => (
            <li key={`${item.sku ?? ''}-${i}`}>
              {item.name ?? item.sku ?? 'Item'}: “{item.weightText ?? 'no weight'}”, {item.reason}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
