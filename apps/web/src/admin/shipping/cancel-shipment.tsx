import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useRefreshOrder } from '../data/order-queries';
import { useTRPC } from '../data/trpc';
import { ErrorCallout } from '../ui/callout';
import { Spinner } from '../ui/spinner';
import { adviceFor } from './booking-advice';

/** Shown only while the server says the booking can be cancelled (booked, not yet picked up). */
export function CancelShipment({ orderId, awb }: { orderId: string; awb: string | null }) {
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
      {cancel.isError && <ErrorCallout error={cancel.error} advice={adviceFor(cancel.error)} />}
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
