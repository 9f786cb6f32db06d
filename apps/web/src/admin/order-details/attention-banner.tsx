import { useMutation } from '@tanstack/react-query';
import { CircleAlert } from 'lucide-react';
import type { OrderDetail } from '../data/order-queries';
import { useRefreshOrder } from '../data/order-queries';
import { useTRPC } from '../data/trpc';
import { Callout } from '../ui/callout';
import { Spinner } from '../ui/spinner';

type AttentionKind = NonNullable<OrderDetail['order']['attentionKind']>;

/** A title per kind of attention (the server's closed set); the reason below says the specifics. */
const ATTENTION_TITLE: Record<AttentionKind, string> = {
  booking_unknown: 'Needs attention: booking outcome unknown',
  ndr: 'Needs attention: delivery attempt failed',
  ndr_response: 'Needs attention: the customer answered a failed delivery',
  address_changed: 'Needs attention: address changed',
  cancel_requested: 'Needs attention: cancellation requested',
  stuck: 'Needs attention: shipment not moving',
  billing: 'Needs attention: billing',
  review: 'Needs attention',
  cod_declined: 'Needs attention: the customer cancelled this COD order',
};

export function AttentionBanner({
  orderId,
  kind,
  reason,
}: {
  orderId: string;
  kind: AttentionKind | null;
  reason: string | null;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshOrder(orderId);
  const clear = useMutation(trpc.orders.clearAttention.mutationOptions({ onSuccess: refresh }));
  return (
    <Callout tone="warning" title={kind ? ATTENTION_TITLE[kind] : 'Needs attention'} icon={<CircleAlert size={18} />}>
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
