import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Truck } from 'lucide-react';
import { useId, useState, type SyntheticEvent } from 'react';
import { errorInfo } from '../../shared/errors';
import { formatPaise } from '../../shared/format';
import { useRefreshOrder, type OrderDetail } from '../data/order-queries';
import { useTRPC } from '../data/trpc';
import { ErrorCallout } from '../ui/callout';
import { Section } from '../ui/section';
import { Spinner } from '../ui/spinner';
import { adviceFor } from './booking-advice';
import { CourierPicker } from './courier-picker';
import { LastAttempt } from './last-attempt';
import { ServiceabilityCheck } from './serviceability-check';

/** Only the input's shape (six digits, no leading 0) decides whether asking iCarry is worth it. */
const PINCODE_SHAPE = /^[1-9]\d{5}$/;

/** Ship with iCarry: serviceability, the quote, one courier, one click, one booking. */
export function ShipForm({ detail }: { detail: OrderDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { order, shipping } = detail;
  const refresh = useRefreshOrder(order.id);
  const cod = order.paymentMethod === 'cod';
  const pincode = order.shippingAddress.pincode;
  const validPincode = PINCODE_SHAPE.test(pincode);
  const serviceability = useQuery(
    trpc.shipping.checkServiceability.queryOptions({ pincode, cod }, { enabled: validPincode, staleTime: 5 * 60_000 }),
  );
  const quote = useQuery(trpc.orders.quote.queryOptions({ orderId: order.id }, { staleTime: 60_000 }));
  const couriers = [...(quote.data?.couriers ?? [])].sort((a, b) => a.totalPaise - b.totalPaise);
  const [chosen, setChosen] = useState<string | null>(null);
  const best = quote.data?.best ?? null;
  // The store's default policy picks first; the admin can pick any other.
  const preselected =
    quote.data?.defaultPolicy === 'best' && best ? couriers.find((c) => c.courierId === best.courierId) : undefined;
  const selected = couriers.find((c) => c.courierId === chosen) ?? preselected ?? couriers[0] ?? null;
  const noteId = useId();
  // The customer has not confirmed this COD order: booking needs the admin's explicit override.
  const confirmation = detail.codConfirmation;
  const [override, setOverride] = useState(false);
  const blockedByCod = confirmation.needsOverride && !override;

  const ship = useMutation(
    trpc.orders.ship.mutationOptions({
      onSuccess: () => refresh(),
      onError: (error) => {
        if (errorInfo(error).appCode === 'COURIER_UNAVAILABLE')
          void queryClient.invalidateQueries(trpc.orders.quote.queryFilter({ orderId: order.id }));
        void refresh();
      },
    }),
  );
  // Stays locked after success until the refetched order shows the booking: one click, one booking.
  const busy = ship.isPending || ship.isSuccess;
  const notServiceable = serviceability.data !== undefined && !serviceability.data.ok;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (busy || !shipping.canShip || blockedByCod) return;
    const extra = confirmation.needsOverride ? { confirmOverride: true } : {};
    ship.mutate(
      selected ? { orderId: order.id, courierId: selected.courierId, ...extra } : { orderId: order.id, ...extra },
    );
  };

  return (
    <Section title="Ship with iCarry">
      <form onSubmit={submit} className="ship-form" aria-busy={busy}>
        <ServiceabilityCheck
          pincode={pincode}
          cod={cod}
          validPincode={validPincode}
          check={{ error: serviceability.error, data: serviceability.data }}
        />
        <CourierPicker
          quote={{
            isPending: quote.isPending,
            error: quote.error,
            couriers,
            best: quote.data?.best ?? null,
            refetch: () => void quote.refetch(),
          }}
          selectedId={selected?.courierId ?? null}
          onSelect={setChosen}
          disabled={busy}
        />

        {shipping.lastAttempt && <LastAttempt shipment={shipping.lastAttempt} />}

        {confirmation.state !== 'not_needed' && (
          <div className="cod-confirmation" data-cod-confirmation={confirmation.state}>
            <p>
              <strong>COD confirmation:</strong> {confirmation.label}
            </p>
            {confirmation.needsOverride && (
              <>
                {confirmation.blockedReason && <p className="muted">{confirmation.blockedReason}</p>}
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={override}
                    onChange={(e) => setOverride(e.target.checked)}
                    disabled={busy}
                  />{' '}
                  Ship without confirmation (recorded with your name)
                </label>
              </>
            )}
          </div>
        )}

        {ship.isError && (
          <ErrorCallout
            error={ship.error}
            title="Not shipped"
            advice={adviceFor(
              ship.error,
              'Nothing was booked. Try again, or check the server log lines tagged [iCarry].',
            )}
          />
        )}

        <button
          type="submit"
          className="btn btn-ship btn-block"
          disabled={busy || !shipping.canShip || notServiceable || blockedByCod}
          aria-describedby={noteId}
        >
          {busy ? <Spinner size={18} /> : <Truck size={18} aria-hidden="true" className="truck-icon" />}
          {ship.isPending ? 'Booking with iCarry…' : ship.isSuccess ? 'Booked, loading…' : 'Ship with iCarry'}
        </button>
        <p id={noteId} className="ship-note">
          {selected ? `${selected.courierName}, ${formatPaise(selected.totalPaise)}. ` : ''}
          {cod ? `Courier collects ${formatPaise(order.codAmountPaise)} on delivery. ` : ''}The customer is told on
          WhatsApp and email.
        </p>
      </form>
    </Section>
  );
}
