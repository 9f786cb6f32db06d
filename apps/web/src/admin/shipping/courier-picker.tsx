import { useId } from 'react';
import type { RouterOutputs } from '../../shared/api';
import { formatPaise } from '../../shared/format';
import { Badge } from '../ui/badge';
import { ErrorCallout } from '../ui/callout';

export type CourierOption = RouterOutputs['orders']['quote']['couriers'][number];

/** iCarry's quote as radio buttons; `quote.couriers` comes cheapest first and the first is marked so. */
export function CourierPicker({
  quote,
  selectedId,
  onSelect,
  disabled,
}: {
  quote: {
    isPending: boolean;
    error: unknown;
    couriers: CourierOption[];
    best: { courierId: string; reason: string } | null;
    refetch: () => void;
  };
  selectedId: string | null;
  onSelect: (courierId: string) => void;
  disabled: boolean;
}) {
  const groupId = useId();
  return (
    <fieldset className="couriers" disabled={disabled}>
      <legend>Courier</legend>
      {quote.isPending ? (
        <div className="courier-skeleton" role="status" aria-label="Getting prices from iCarry">
          <span className="skeleton" />
          <span className="skeleton" />
          <span className="skeleton" />
        </div>
      ) : quote.error ? (
        <ErrorCallout error={quote.error} title="No prices from iCarry" onRetry={quote.refetch} />
      ) : quote.couriers.length === 0 ? (
        <p className="muted">iCarry offers no courier for this parcel. Check the pincode and weight.</p>
      ) : (
        <ul className="courier-list">
          {quote.couriers.map((courier, index) => {
            const id = `${groupId}-${courier.courierId}`;
            return (
              <li key={courier.courierId}>
                <input
                  type="radio"
                  id={id}
                  name={`${groupId}-courier`}
                  value={courier.courierId}
                  checked={selectedId === courier.courierId}
                  onChange={() => onSelect(courier.courierId)}
                />
                <label htmlFor={id} className="courier">
                  <span className="courier-name">
                    {courier.courierName}
                    {index === 0 && <Badge tone="green">Cheapest</Badge>}
                    {quote.best?.courierId === courier.courierId && <Badge tone="blue">Best record here</Badge>}
                  </span>
                  <span className="courier-meta">
                    {courier.courierGroup && <span>{courier.courierGroup}</span>}
                    {courier.freightPaise !== null && <span>Freight {formatPaise(courier.freightPaise)}</span>}
                    {courier.codPaise !== null && courier.codPaise > 0 && (
                      <span>COD fee {formatPaise(courier.codPaise)}</span>
                    )}
                    {courier.record && (
                      <span data-testid="courier-record">
                        {courier.record.deliveredRate !== null
                          ? `${Math.round(courier.record.deliveredRate * 100)}% of ${courier.record.closed} delivered`
                          : `${courier.record.closed} parcels here`}
                        {courier.record.p90Days !== null && `, 9 in 10 within ${courier.record.p90Days} days`}
                      </span>
                    )}
                  </span>
                  {courier.spoilage && (
                    <span className="courier-warning" role="note">
                      May spoil: {courier.spoilage}
                    </span>
                  )}
                  <span className="courier-price">{formatPaise(courier.totalPaise)}</span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
