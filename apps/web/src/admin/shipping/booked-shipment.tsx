import { Copy, ExternalLink, PackageCheck } from 'lucide-react';
import { formatDateTime, formatGrams, formatPaise, formatRelative, toDate } from '../../shared/format';
import type { Shipment } from '../data/order-queries';
import { PrintLabelButton } from '../labels/print-label-button';
import { ShipmentStatusBadge } from '../ui/badge';
import { Callout } from '../ui/callout';
import { Section } from '../ui/section';
import { useCopy } from '../ui/use-copy';
import { CancelShipment } from './cancel-shipment';
import { WeightDiscrepancy } from './weight-discrepancy';

/** How long after booking the "Booked with iCarry" confirmation stays up (display only). */
const JUST_BOOKED_MS = 60_000;

export function BookedShipment({
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
  const { copied, copy } = useCopy();
  // The signed link the customer got, made relative so it opens on this host.
  const customerLink = (() => {
    const url = new URL(trackingLink);
    return `${url.pathname}${url.search}`;
  })();
  // Until pickup (the server's `canCancel`) the admin's next step is handing the parcel over.
  const justBooked =
    shipment.canCancel &&
    shipment.bookedAt !== null &&
    Date.now() - toDate(shipment.bookedAt).getTime() < JUST_BOOKED_MS;
  return (
    <Section title="Shipment" actions={<ShipmentStatusBadge status={shipment.status} />}>
      {justBooked && (
        <Callout tone="success" title="Booked with iCarry" icon={<PackageCheck size={18} />}>
          <p>
            The customer has been told. Print the label, stick it on the parcel and hand it to the courier at pickup.
          </p>
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
          <dd data-testid="courier">
            {shipment.courierName ?? '—'}
            {shipment.courierChoice && (
              <span className="subtle courier-choice" data-testid="courier-choice">
                {' '}
                {shipment.courierChoice}
              </span>
            )}
          </dd>
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
      {shipment.canPrintLabel && <PrintLabelButton orderId={orderId} labelPrintedAt={shipment.labelPrintedAt} />}
      {shipment.needsReview && (
        <Callout tone="warning" title="Needs review">
          <p>{shipment.reviewReason ?? 'iCarry sent an update we could not read. Check the webhook inbox below.'}</p>
        </Callout>
      )}
      {shipment.weightDiscrepancy && <WeightDiscrepancy discrepancy={shipment.weightDiscrepancy} />}
      {shipment.canCancel && <CancelShipment orderId={orderId} awb={shipment.awb} />}
    </Section>
  );
}
