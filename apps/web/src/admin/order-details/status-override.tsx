import { useMutation } from '@tanstack/react-query';
import { ChevronRight } from 'lucide-react';
import { useId, useState, type SyntheticEvent } from 'react';
import { errorInfo, fieldError } from '../../shared/errors';
import { ORDER_STATUS_LABEL, type OrderStatus } from '../../shared/labels';
import { useRefreshOrder } from '../data/order-queries';
import { useTRPC } from '../data/trpc';
import { FieldError } from '../ui/field-error';
import { Spinner } from '../ui/spinner';

/** Every status is offered: the server decides which overrides it accepts and says why it refuses one. */
const STATUSES = Object.keys(ORDER_STATUS_LABEL) as OrderStatus[];

/** The admin's way past "status only moves forward", always with a written reason. */
export function StatusOverride({ orderId, status }: { orderId: string; status: OrderStatus }) {
  const trpc = useTRPC();
  const refresh = useRefreshOrder(orderId);
  const id = useId();
  const [target, setTarget] = useState<OrderStatus | ''>('');
  const [reason, setReason] = useState('');
  const override = useMutation(
    trpc.orders.overrideStatus.mutationOptions({
      onSuccess: () => {
        setTarget('');
        setReason('');
        return refresh();
      },
    }),
  );
  const info = override.error ? errorInfo(override.error) : null;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!target || override.isPending) return;
    override.mutate({ orderId, status: target, reason });
  };
  return (
    <details className="section override">
      <summary className="section-header">
        <span className="section-title">
          <ChevronRight size={14} aria-hidden="true" className="disclosure" /> Change status manually
        </span>
      </summary>
      <form onSubmit={submit} className="override-form">
        <p className="muted">
          Webhooks only move an order forward. Use this to correct a mistake; the reason goes into the notes and
          history.
        </p>
        <div className="field">
          <label htmlFor={`${id}-status`}>New status</label>
          <select
            id={`${id}-status`}
            value={target}
            onChange={(e) => setTarget(e.target.value as OrderStatus | '')}
            required
          >
            <option value="">Choose…</option>
            {STATUSES.filter((s) => s !== status).map((s) => (
              <option key={s} value={s}>
                {ORDER_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
          <FieldError message={fieldError(info, 'status')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason</label>
          <textarea
            id={`${id}-reason`}
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={500}
            required
            aria-invalid={fieldError(info, 'reason') ? true : undefined}
            placeholder="e.g. Customer confirmed delivery by phone"
          />
          <FieldError message={fieldError(info, 'reason')} />
        </div>
        {info && Object.keys(info.fieldErrors).length === 0 && (
          <p className="field-error" role="alert">
            {info.message}
          </p>
        )}
        {override.isSuccess && (
          <p className="subtle" role="status">
            Status changed to {ORDER_STATUS_LABEL[override.data.status]}.
          </p>
        )}
        <button type="submit" className="btn btn-secondary btn-sm" disabled={!target || override.isPending}>
          {override.isPending && <Spinner />} Change status
        </button>
      </form>
    </details>
  );
}
