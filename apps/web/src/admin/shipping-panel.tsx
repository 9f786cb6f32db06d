import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CircleCheck, CircleX, Copy, ExternalLink, PackageCheck, Truck } from 'lucide-react';
import { useId, useState, type SyntheticEvent } from 'react';
import { errorInfo, fieldError } from '../shared/errors';
import { formatDateTime, formatGrams, formatPaise, formatRelative, toDate } from '../shared/format';
import { ORDER_STATUS_LABEL, SHIPMENT_STATUS_LABEL } from '../shared/labels';
import { useTRPC } from './trpc';
import { isCancellable, useRefreshOrder, type OrderDetail, type Shipment } from './order-data';
import { Badge, Callout, ErrorCallout, FieldError, LoadingBlock, Section, Spinner } from './ui';

/** What to do next, per refusal; the API's message says what happened (often iCarry's own reason). */
const SHIP_ADVICE: Record<string, string> = {
  PINCODE_NOT_SERVICEABLE: 'Check the pincode with the customer. If it is right, this order needs another way to ship.',
  COD_NOT_AVAILABLE: 'Ask the customer to pay online, or ship this order another way.',
  COURIER_UNAVAILABLE: 'The courier list has been refreshed: choose another courier and try again.',
  COURIER_REFUSED: 'Fix what iCarry names above (often the address or phone number), then try again.',
  ICARRY_ACCOUNT_PROBLEM: 'Recharge the iCarry wallet or finish KYC in the iCarry panel, then try again.',
  ICARRY_NOT_CONFIGURED: 'Set ICARRY_USERNAME and ICARRY_API_KEY in the server’s .env and restart it.',
  ICARRY_UNAVAILABLE:
    'Nothing was booked. Try again in a minute; if it keeps failing, the server log lines tagged [iCarry] say why.',
  ADDRESS_INCOMPLETE: 'Complete the address in the store, then try again.',
  ORDER_NOT_SHIPPABLE: 'The order changed in the meantime; the details above are up to date.',
  ORDER_ALREADY_SHIPPED: 'Someone shipped it already; the details now show that booking.',
  BOOKING_IN_PROGRESS: 'Another tab or a colleague is booking it right now. This dialog updates in a moment.',
  BOOKING_OUTCOME_UNKNOWN:
    'Do not book again yet. Look for this order in the iCarry panel and record what you find below.',
};

const STALE_BOOKING_MS = 2 * 60 * 1000;

export function ShippingPanel({ detail }: { detail: OrderDetail }) {
  const { order, shipment } = detail;
  if (shipment?.bookingState === 'booked')
    return (
      <BookedShipment
        orderId={order.id}
        trackingLink={detail.trackingLink}
        paymentMethod={order.paymentMethod}
        shipment={shipment}
      />
    );
  const bookingStale =
    shipment?.bookingState === 'booking' && Date.now() - toDate(shipment.createdAt).getTime() > STALE_BOOKING_MS;
  if (shipment && (shipment.bookingState === 'unknown' || bookingStale))
    return <ResolveBooking orderId={order.id} shipment={shipment} />;
  if (shipment?.bookingState === 'booking') {
    return (
      <Section title="Shipping">
        <LoadingBlock label="Booking with iCarry… (started in another tab or by a colleague)" />
      </Section>
    );
  }
  const lastAttempt =
    shipment &&
    (shipment.bookingState === 'failed' || shipment.bookingState === 'void' || shipment.bookingState === 'cancelled')
      ? shipment
      : null;
  if (order.status !== 'processing') {
    return (
      <Section title="Shipping">
        <p className="muted">
          Only orders in Processing can be shipped. This order is {ORDER_STATUS_LABEL[order.status]}.
        </p>
        {lastAttempt && <LastAttempt shipment={lastAttempt} />}
      </Section>
    );
  }
  return <ShipForm detail={detail} lastAttempt={lastAttempt} />;
}

function LastAttempt({ shipment }: { shipment: Shipment }) {
  const what =
    shipment.bookingState === 'cancelled'
      ? 'Last shipment was cancelled'
      : shipment.bookingState === 'void'
        ? 'Last booking was voided'
        : 'Last booking attempt failed';
  return (
    <p className="last-attempt">
      <strong>{what}</strong>
      {shipment.awb && <span className="mono"> (AWB {shipment.awb})</span>}
      {shipment.failureReason && <span>: {shipment.failureReason}</span>}{' '}
      <span className="subtle">· {formatRelative(shipment.createdAt)}</span>
    </p>
  );
}

function ShipForm({ detail, lastAttempt }: { detail: OrderDetail; lastAttempt: Shipment | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { order } = detail;
  const refresh = useRefreshOrder(order.id);
  const cod = order.paymentMethod === 'cod';
  const pincode = order.shippingAddress.pincode;
  const validPincode = /^[1-9]\d{5}$/.test(pincode);
  const serviceability = useQuery(
    trpc.shipping.checkServiceability.queryOptions({ pincode, cod }, { enabled: validPincode, staleTime: 5 * 60_000 }),
  );
  const quote = useQuery(trpc.orders.quote.queryOptions({ orderId: order.id }, { staleTime: 60_000 }));
  const couriers = [...(quote.data?.couriers ?? [])].sort((a, b) => a.totalPaise - b.totalPaise);
  const [chosen, setChosen] = useState<string | null>(null);
  const selected = couriers.find((c) => c.courierId === chosen) ?? couriers[0] ?? null;
  const groupId = useId();

  const ship = useMutation(
    trpc.orders.ship.mutationOptions({
      onSuccess: () => refresh(),
      onError: (error) => {
        const { appCode } = errorInfo(error);
        if (appCode === 'COURIER_UNAVAILABLE')
          void queryClient.invalidateQueries(trpc.orders.quote.queryFilter({ orderId: order.id }));
        void refresh();
      },
    }),
  );
  // Stays locked after success until the refetched order shows the booking: one click, one booking.
  const busy = ship.isPending || ship.isSuccess;
  const notServiceable = serviceability.data && !serviceability.data.ok;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (busy) return;
    ship.mutate(selected ? { orderId: order.id, courierId: selected.courierId } : { orderId: order.id });
  };

  return (
    <Section title="Ship with iCarry">
      <form onSubmit={submit} className="ship-form" aria-busy={busy}>
        <div className="serviceability" aria-live="polite">
          <span className="serviceability-label">
            Pincode <span className="mono">{pincode}</span>
          </span>
          {!validPincode ? (
            <Badge tone="red">Not a valid pincode</Badge>
          ) : serviceability.isPending ? (
            <span className="muted">
              <Spinner /> Checking…
            </span>
          ) : serviceability.isError ? (
            <span className="muted" title={serviceability.error.message}>
              Could not check right now
            </span>
          ) : serviceability.data.ok ? (
            <Badge tone="green">
              <CircleCheck size={13} aria-hidden="true" /> Serviceable{cod ? ', COD available' : ''}
            </Badge>
          ) : (
            <Badge tone="red">
              <CircleX size={13} aria-hidden="true" />{' '}
              {serviceability.data.serviceable ? 'No COD at this pincode' : 'Not serviceable'}
            </Badge>
          )}
        </div>
        {notServiceable && (
          <Callout
            tone="error"
            title={
              serviceability.data.serviceable
                ? 'Cash on delivery is not available here'
                : 'iCarry does not deliver to this pincode'
            }
          >
            <p>
              {serviceability.data.serviceable
                ? 'Couriers reach this pincode only for prepaid parcels. Ask the customer to pay online.'
                : 'Check the pincode with the customer.'}
            </p>
          </Callout>
        )}

        <fieldset className="couriers" disabled={busy}>
          <legend>Courier</legend>
          {quote.isPending ? (
            <div className="courier-skeleton" role="status" aria-label="Getting prices from iCarry">
              <span className="skeleton" />
              <span className="skeleton" />
              <span className="skeleton" />
            </div>
          ) : quote.isError ? (
            <ErrorCallout error={quote.error} title="No prices from iCarry" onRetry={() => void quote.refetch()} />
          ) : couriers.length === 0 ? (
            <p className="muted">iCarry offers no courier for this parcel. Check the pincode and weight.</p>
          ) : (
            <ul className="courier-list">
              {couriers.map((courier, index) => {
                const id = `${groupId}-${courier.courierId}`;
                return (
                  <li key={courier.courierId}>
                    <input
                      type="radio"
                      id={id}
                      name={`${groupId}-courier`}
                      value={courier.courierId}
                      checked={selected?.courierId === courier.courierId}
                      onChange={() => setChosen(courier.courierId)}
                    />
                    <label htmlFor={id} className="courier">
                      <span className="courier-name">
                        {courier.courierName}
                        {index === 0 && <Badge tone="green">Cheapest</Badge>}
                      </span>
                      <span className="courier-meta">
                        {courier.courierGroup && <span>{courier.courierGroup}</span>}
                        {courier.freightPaise !== null && <span>Freight {formatPaise(courier.freightPaise)}</span>}
                        {courier.codPaise !== null && courier.codPaise > 0 && (
                          <span>COD fee {formatPaise(courier.codPaise)}</span>
                        )}
                      </span>
                      <span className="courier-price">{formatPaise(courier.totalPaise)}</span>
                    </label>
                  </li>
                );
              })}
            </ul>
          )}
        </fieldset>

        {lastAttempt && <LastAttempt shipment={lastAttempt} />}

        {ship.isError && (
          <ErrorCallout
            error={ship.error}
            title="Not shipped"
            advice={
              SHIP_ADVICE[errorInfo(ship.error).appCode ?? ''] ??
              'Nothing was booked. Try again, or check the server log lines tagged [iCarry].'
            }
          />
        )}

        <button
          type="submit"
          className="btn btn-ship btn-block"
          disabled={busy || Boolean(notServiceable)}
          aria-describedby={`${groupId}-ship-note`}
        >
          {busy ? <Spinner size={18} /> : <Truck size={18} aria-hidden="true" className="truck-icon" />}
          {ship.isPending ? 'Booking with iCarry…' : ship.isSuccess ? 'Booked, loading…' : 'Ship with iCarry'}
        </button>
        <p id={`${groupId}-ship-note`} className="ship-note">
          {selected ? `${selected.courierName}, ${formatPaise(selected.totalPaise)}. ` : ''}
          {cod ? `Courier collects ${formatPaise(order.totalPaise)} on delivery. ` : ''}The customer is told on WhatsApp
          and email.
        </p>
      </form>
    </Section>
  );
}

function BookedShipment({
  orderId,
  trackingLink,
  paymentMethod,
  shipment,
}: {
  orderId: string;
  trackingLink: string;
  paymentMethod: 'cod' | 'prepaid';
  shipment: Shipment;
}) {
  // The signed link the customer got, made relative so it opens on this host.
  const customerLink = (() => {
    const url = new URL(trackingLink);
    return `${url.pathname}${url.search}`;
  })();
  const justBooked =
    shipment.bookedAt !== null &&
    (shipment.status === null || shipment.status === 'pending_pickup') &&
    Date.now() - toDate(shipment.bookedAt).getTime() < 60_000;
  const [copied, setCopied] = useState(false);
  const copy = (text: string) => {
    void navigator.clipboard?.writeText(text).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  };
  return (
    <Section
      title="Shipment"
      actions={
        <Badge
          tone={shipment.status === 'delivered' ? 'green' : shipment.status === 'out_for_delivery' ? 'amber' : 'violet'}
        >
          {shipment.status ? SHIPMENT_STATUS_LABEL[shipment.status] : 'Booked'}
        </Badge>
      }
    >
      {justBooked && (
        <Callout tone="success" title="Booked with iCarry" icon={<PackageCheck size={18} />}>
          <p>The customer has been told. Hand the parcel to the courier at pickup.</p>
        </Callout>
      )}
      <dl className="facts">
        <div className="fact-awb">
          <dt>AWB</dt>
          <dd>
            {shipment.awb ? (
              <>
                <span className="mono awb" data-testid="awb">
                  {shipment.awb}
                </span>
                <button
                  type="button"
                  className="btn btn-ghost btn-icon btn-xs"
                  onClick={() => copy(shipment.awb ?? '')}
                  aria-label="Copy AWB"
                >
                  <Copy size={13} aria-hidden="true" />
                </button>
                {copied && <span className="subtle">Copied</span>}
              </>
            ) : (
              <span className="muted">Waiting for iCarry to assign one</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Courier</dt>
          <dd data-testid="courier">{shipment.courierName ?? '—'}</dd>
        </div>
        {shipment.providerShipmentId && (
          <div>
            <dt>iCarry shipment</dt>
            <dd className="mono">{shipment.providerShipmentId}</dd>
          </div>
        )}
        {shipment.bookedAt && (
          <div>
            <dt>Booked</dt>
            <dd>{formatDateTime(shipment.bookedAt)}</dd>
          </div>
        )}
        <div>
          <dt>Declared weight</dt>
          <dd>
            {formatGrams(shipment.weightGrams)}
            {shipment.weightFallback && <span className="subtle"> (0.5 kg fallback)</span>}
          </dd>
        </div>
        {shipment.quotedCostPaise !== null && (
          <div>
            <dt>Shipping cost</dt>
            <dd>{formatPaise(shipment.quotedCostPaise)}</dd>
          </div>
        )}
        {paymentMethod === 'cod' && (
          <div>
            <dt>COD to collect</dt>
            <dd>{formatPaise(shipment.codAmountPaise)}</dd>
          </div>
        )}
        {shipment.lastEventAt && (
          <div>
            <dt>Last update</dt>
            <dd>{formatRelative(shipment.lastEventAt)}</dd>
          </div>
        )}
      </dl>
      <div className="link-row">
        {shipment.trackingUrl && (
          <a className="link" href={shipment.trackingUrl} target="_blank" rel="noreferrer noopener">
            Courier tracking <ExternalLink size={13} aria-hidden="true" />
          </a>
        )}
        <a className="link" href={customerLink} target="_blank" rel="noreferrer">
          Customer tracking page <ExternalLink size={13} aria-hidden="true" />
        </a>
      </div>
      {shipment.needsReview && (
        <Callout tone="warning" title="Needs review">
          <p>{shipment.reviewReason ?? 'iCarry sent an update we could not read. Check the webhook inbox below.'}</p>
        </Callout>
      )}
      {shipment.weightDiscrepancy && <WeightDiscrepancy discrepancy={shipment.weightDiscrepancy} />}
      {isCancellable(shipment) && <CancelShipment orderId={orderId} awb={shipment.awb} />}
    </Section>
  );
}

function WeightDiscrepancy({ discrepancy }: { discrepancy: NonNullable<Shipment['weightDiscrepancy']> }) {
  const { oldWeightGrams, newWeightGrams, oldDimensions, newDimensions } = discrepancy;
  const extra = oldWeightGrams !== null && newWeightGrams !== null ? newWeightGrams - oldWeightGrams : null;
  return (
    <Callout tone="warning" title="Weight discrepancy reported by the courier">
      <p>
        Declared {oldWeightGrams !== null ? formatGrams(oldWeightGrams) : 'unknown'}, courier measured{' '}
        <strong>{newWeightGrams !== null ? formatGrams(newWeightGrams) : 'unknown'}</strong>
        {extra !== null && extra > 0 ? ` (${formatGrams(extra)} more)` : ''}.
        {(oldDimensions || newDimensions) && ` Dimensions ${oldDimensions ?? '?'} → ${newDimensions ?? '?'}.`}
      </p>
      <p className="subtle">
        Reported {formatDateTime(discrepancy.reportedAt)}. iCarry may charge the difference; dispute it in the iCarry
        panel if the product weights are right.
      </p>
    </Callout>
  );
}

function CancelShipment({ orderId, awb }: { orderId: string; awb: string | null }) {
  const trpc = useTRPC();
  const refresh = useRefreshOrder(orderId);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const id = useId();
  const cancel = useMutation(
    trpc.orders.cancelShipment.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        return refresh();
      },
    }),
  );
  if (!confirming) {
    return (
      <div className="cancel-row">
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => setConfirming(true)}>
          Cancel shipment
        </button>
        <span className="subtle">Free until the courier picks it up.</span>
      </div>
    );
  }
  return (
    <form
      className="confirm-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (!cancel.isPending) cancel.mutate({ orderId, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      }}
    >
      <p className="confirm-title">Cancel this shipment{awb ? ` (AWB ${awb})` : ''}?</p>
      <p className="muted">iCarry voids the booking and the order goes back to Processing, ready to ship again.</p>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason (optional)</label>
        <input
          id={`${id}-reason`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          placeholder="e.g. customer changed the address"
        />
      </div>
      {cancel.isError && <ErrorCallout error={cancel.error} />}
      <div className="button-row">
        <button type="submit" className="btn btn-danger btn-sm" disabled={cancel.isPending}>
          {cancel.isPending && <Spinner />} Cancel shipment
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          onClick={() => setConfirming(false)}
          disabled={cancel.isPending}
        >
          Keep it
        </button>
      </div>
    </form>
  );
}

function ResolveBooking({ orderId, shipment }: { orderId: string; shipment: Shipment }) {
  const trpc = useTRPC();
  const refresh = useRefreshOrder(orderId);
  const [outcome, setOutcome] = useState<'booked' | 'not_booked' | null>(null);
  const [providerShipmentId, setProviderShipmentId] = useState('');
  const [awb, setAwb] = useState('');
  const [courierName, setCourierName] = useState('');
  const id = useId();
  const resolve = useMutation(trpc.orders.resolveBooking.mutationOptions({ onSuccess: () => refresh() }));
  const info = resolve.error ? errorInfo(resolve.error) : null;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (resolve.isPending || !outcome) return;
    if (outcome === 'not_booked') resolve.mutate({ orderId, outcome });
    else
      resolve.mutate({
        orderId,
        outcome,
        providerShipmentId: providerShipmentId.trim(),
        ...(awb.trim() ? { awb: awb.trim() } : {}),
        ...(courierName.trim() ? { courierName: courierName.trim() } : {}),
      });
  };

  return (
    <Section title="Booking outcome unknown">
      <Callout tone="warning" title="We don’t know whether iCarry booked this parcel">
        <p>
          iCarry did not answer in time. Look for reference{' '}
          <strong className="mono nowrap">{shipment.clientRef}</strong> in the iCarry panel (Shipments), then record
          what you found. Don’t book again until this is settled: that could send two parcels.
        </p>
      </Callout>
      <form className="resolve-form" onSubmit={submit}>
        <fieldset>
          <legend>What did you find in iCarry?</legend>
          <label className="choice">
            <input
              type="radio"
              name={`${id}-outcome`}
              checked={outcome === 'booked'}
              onChange={() => setOutcome('booked')}
            />
            <span>
              <strong>It was booked</strong>
              <span className="subtle">Keep that booking and follow it here.</span>
            </span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name={`${id}-outcome`}
              checked={outcome === 'not_booked'}
              onChange={() => setOutcome('not_booked')}
            />
            <span>
              <strong>Nothing was booked</strong>
              <span className="subtle">The order can be shipped again.</span>
            </span>
          </label>
        </fieldset>
        {outcome === 'booked' && (
          <div className="field-grid">
            <div className="field">
              <label htmlFor={`${id}-sid`}>iCarry shipment id</label>
              <input
                id={`${id}-sid`}
                inputMode="numeric"
                value={providerShipmentId}
                onChange={(e) => setProviderShipmentId(e.target.value)}
                required
                aria-invalid={fieldError(info, 'providerShipmentId') ? true : undefined}
              />
              <FieldError message={fieldError(info, 'providerShipmentId')} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-awb`}>AWB (optional)</label>
              <input
                id={`${id}-awb`}
                value={awb}
                onChange={(e) => setAwb(e.target.value)}
                aria-invalid={fieldError(info, 'awb') ? true : undefined}
              />
              <FieldError message={fieldError(info, 'awb')} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-courier`}>Courier (optional)</label>
              <input
                id={`${id}-courier`}
                value={courierName}
                onChange={(e) => setCourierName(e.target.value)}
                aria-invalid={fieldError(info, 'courierName') ? true : undefined}
              />
              <FieldError message={fieldError(info, 'courierName')} />
            </div>
          </div>
        )}
        {info && Object.keys(info.fieldErrors).length === 0 && <ErrorCallout error={resolve.error} />}
        <button type="submit" className="btn btn-primary btn-sm" disabled={!outcome || resolve.isPending}>
          {resolve.isPending && <Spinner />} Save
        </button>
      </form>
    </Section>
  );
}
