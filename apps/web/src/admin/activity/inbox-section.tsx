import { useMutation, useQuery } from '@tanstack/react-query';
import { ChevronRight, RotateCw } from 'lucide-react';
import type { RouterOutputs } from '../../shared/api';
import { formatDateTime, toDate } from '../../shared/format';
import type { Tone } from '../../shared/labels';
import { useRefreshOrder } from '../data/order-queries';
import { useTRPC } from '../data/trpc';
import { Badge } from '../ui/badge';
import { ErrorCallout } from '../ui/callout';
import { EmptyState, Section } from '../ui/section';
import { LoadingBlock, Spinner } from '../ui/spinner';

type InboxEntry = RouterOutputs['orders']['inbox'][number];

const OUTCOME_TONE: Record<InboxEntry['outcome'], Tone> = {
  pending: 'amber',
  applied: 'green',
  duplicate: 'gray',
  stale: 'gray',
  deferred: 'amber',
  rejected: 'red',
  failed: 'red',
  review: 'amber',
};

const KIND_LABEL: Record<InboxEntry['kind'], string> = {
  status: 'Status',
  ndr: 'NDR',
  weight: 'Weight',
  unknown: 'Unknown',
};

export function InboxSection({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshOrder(orderId);
  const inbox = useQuery(
    trpc.orders.inbox.queryOptions(
      { orderId, limit: 50 },
      { refetchInterval: (q) => (q.state.status === 'error' ? false : 3_000) },
    ),
  );
  const reapply = useMutation(trpc.orders.reapplyInbox.mutationOptions({ onSettled: () => refresh() }));
  return (
    <Section title="Webhook inbox" id="inbox">
      <p className="muted section-lead">Every push iCarry sent for this order, stored before it was acted on.</p>
      {inbox.isPending ? (
        <LoadingBlock label="Loading webhooks…" />
      ) : inbox.isError ? (
        <ErrorCallout error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : inbox.data.length === 0 ? (
        <EmptyState title="No webhooks yet">iCarry pushes status, NDR and weight updates here.</EmptyState>
      ) : (
        <ul className="inbox">
          {inbox.data.map((entry) => (
            <li key={entry.id} className="inbox-entry">
              <details>
                <summary>
                  <ChevronRight size={14} aria-hidden="true" className="disclosure" />
                  <Badge tone="neutral">{KIND_LABEL[entry.kind]}</Badge>
                  <Badge tone={OUTCOME_TONE[entry.outcome]}>{entry.outcome}</Badge>
                  <span className="inbox-detail">{entry.outcomeDetail ?? (entry.awb ? `AWB ${entry.awb}` : '')}</span>
                  <time className="subtle" dateTime={toDate(entry.receivedAt).toISOString()}>
                    {formatDateTime(entry.receivedAt)}
                  </time>
                </summary>
                <div className="inbox-body">
                  <p className="subtle">
                    {entry.contentType ?? 'no content type'} · {entry.attempts} attempt{entry.attempts === 1 ? '' : 's'}
                    {entry.processedAt && ` · processed ${formatDateTime(entry.processedAt)}`}
                  </p>
                  <pre className="raw">{entry.rawBody}</pre>
                </div>
              </details>
              {entry.outcome !== 'applied' && (
                <button
                  type="button"
                  className="btn btn-ghost btn-sm"
                  onClick={() => reapply.mutate({ inboxId: entry.id })}
                  disabled={reapply.isPending}
                  title="Run this push through the status rules again"
                >
                  {reapply.isPending && reapply.variables.inboxId === entry.id ? (
                    <Spinner />
                  ) : (
                    <RotateCw size={13} aria-hidden="true" />
                  )}{' '}
                  Re-apply
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {reapply.isError && <ErrorCallout error={reapply.error} title="Could not re-apply" />}
      {reapply.isSuccess && (
        <p className="subtle" role="status">
          Re-applied: {reapply.data.outcome}.
        </p>
      )}
    </Section>
  );
}
