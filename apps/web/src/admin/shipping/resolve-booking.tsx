import { useMutation } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import { errorInfo, fieldError } from '../../shared/errors';
import { formatRelative } from '../../shared/format';
import { useRefreshOrder, type Shipment } from '../data/order-queries';
import { useTRPC } from '../data/trpc';
import { Callout, ErrorCallout } from '../ui/callout';
import { FieldError } from '../ui/field-error';
import { Section } from '../ui/section';
import { Spinner } from '../ui/spinner';
import { adviceFor } from './booking-advice';

/**
 * The server flags a booking it cannot settle by itself (`canResolve`: iCarry's answer never came,
 * or the booking stalled); a person looks it up in the iCarry panel and records what they found.
 */
export function ResolveBooking({ orderId, shipment }: { orderId: string; shipment: Shipment }) {
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
          {shipment.bookingStale
            ? `The booking started ${formatRelative(shipment.createdAt)} and never finished.`
            : 'iCarry did not answer in time.'}{' '}
          Look for reference <strong className="mono nowrap">{shipment.clientRef}</strong> in the iCarry panel
          (Shipments), then record what you found. Don’t book again until this is settled: that could send two parcels.
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
        {info && Object.keys(info.fieldErrors).length === 0 && (
          <ErrorCallout error={resolve.error} advice={adviceFor(resolve.error)} />
        )}
        <button type="submit" className="btn btn-primary btn-sm" disabled={!outcome || resolve.isPending}>
          {resolve.isPending && <Spinner />} Save
        </button>
      </form>
    </Section>
  );
}
