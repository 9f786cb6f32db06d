import { useMutation } from '@tanstack/react-query';
import { Undo2 } from 'lucide-react';
import { useId, useState, type SyntheticEvent } from 'react';
import { errorInfo, fieldError } from '../../shared/errors';
import { formatRelative } from '../../shared/format';
import { useRefreshOrder, type Shipment } from '../data/order-queries';
import { useTRPC } from '../data/trpc';
import { ErrorCallout } from '../ui/callout';
import { FieldError } from '../ui/field-error';
import { Section } from '../ui/section';
import { Spinner } from '../ui/spinner';

/**
 * "Create return": books a return pickup from the customer (iCarry reverse shipment). Offered only
 * while the server says a return can be booked; `lastAttempt` is an earlier return that did not book.
 */
export function CreateReturn({ orderId, lastAttempt }: { orderId: string; lastAttempt: Shipment | null }) {
  const trpc = useTRPC();
  const refresh = useRefreshOrder(orderId);
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [refundNote, setRefundNote] = useState('');
  const create = useMutation(trpc.orders.createReturn.mutationOptions({ onSettled: () => refresh() }));
  const info = create.error ? errorInfo(create.error) : null;
  const hasFieldErrors = info !== null && Object.keys(info.fieldErrors).length > 0;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    create.mutate({ orderId, reason, ...(refundNote.trim() ? { refundNote } : {}) });
  };

  return (
    <Section title="Return" id="return">
      {lastAttempt && (
        <p className="last-attempt">
          <strong>Last return pickup did not book</strong>
          {lastAttempt.failureReason && <span>: {lastAttempt.failureReason}</span>}{' '}
          <span className="subtle">· {formatRelative(lastAttempt.createdAt)}</span>
        </p>
      )}
      {!open ? (
        <div className="cancel-row">
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setOpen(true)}>
            <Undo2 size={14} aria-hidden="true" /> Create return
          </button>
          <span className="subtle">iCarry sends a courier to pick the parcel up from the customer.</span>
        </div>
      ) : (
        <form className="confirm-box" onSubmit={submit} aria-label="Create return">
          <p className="confirm-title">Book a return pickup</p>
          <div className="field">
            <label htmlFor={`${id}-reason`}>Reason for the return</label>
            <input
              id={`${id}-reason`}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={255}
              required
              aria-invalid={fieldError(info, 'reason') ? true : undefined}
              placeholder="e.g. Jar arrived broken"
            />
            <FieldError message={fieldError(info, 'reason')} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-refund`}>Refund note (optional)</label>
            <textarea
              id={`${id}-refund`}
              rows={2}
              value={refundNote}
              onChange={(e) => setRefundNote(e.target.value)}
              maxLength={1000}
              placeholder="e.g. Refund ₹349 to UPI once it is back"
            />
            <FieldError message={fieldError(info, 'refundNote')} />
          </div>
          {create.isError && !hasFieldErrors && <ErrorCallout error={create.error} title="No return booked" />}
          <div className="button-row">
            <button type="submit" className="btn btn-primary btn-sm" disabled={create.isPending}>
              {create.isPending && <Spinner />} Book return pickup
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() => setOpen(false)}
              disabled={create.isPending}
            >
              Not now
            </button>
          </div>
        </form>
      )}
    </Section>
  );
}
