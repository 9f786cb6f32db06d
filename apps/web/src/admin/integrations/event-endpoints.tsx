// The store's own systems: signed event endpoints, their recent deliveries and replays.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RotateCw, Trash2, Webhook } from 'lucide-react';
import { useState } from 'react';
import type { RouterOutputs } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { useTRPC } from '../data/trpc';
import { Badge } from '../ui/badge';
import { Callout, ErrorCallout } from '../ui/callout';
import { EmptyState } from '../ui/section';
import { LoadingBlock } from '../ui/spinner';
import { CopyValue, OUTCOME_TONE } from './integration-parts';

type Endpoint = RouterOutputs['eventEndpoints']['list'][number];

function EndpointDeliveries({ endpoint }: { endpoint: Endpoint }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deliveries = useQuery(trpc.eventEndpoints.deliveries.queryOptions({ endpointId: endpoint.id, limit: 20 }));
  const refresh = () =>
    void queryClient.invalidateQueries({
      queryKey: trpc.eventEndpoints.deliveries.queryKey({ endpointId: endpoint.id }),
    });
  const replay = useMutation(trpc.eventEndpoints.replay.mutationOptions({ onSuccess: refresh }));
  const replayFailed = useMutation(trpc.eventEndpoints.replayFailed.mutationOptions({ onSuccess: refresh }));
  if (deliveries.isPending) return <LoadingBlock label="Loading deliveries" />;
  if (deliveries.isError)
    return (
      <ErrorCallout
        error={deliveries.error}
        title="Deliveries could not be loaded"
        onRetry={() => void deliveries.refetch()}
      />
    );
  if (deliveries.data.length === 0) return <p className="muted">No events sent yet.</p>;
  const anyFailed = deliveries.data.some((d) => d.canReplay);
  return (
    <>
      {anyFailed && (
        <button
          type="button"
          className="btn btn-sm btn-secondary"
          disabled={replayFailed.isPending}
          onClick={() => replayFailed.mutate({ endpointId: endpoint.id })}
        >
          <RotateCw size={14} aria-hidden="true" /> Replay all failed
        </button>
      )}
      {(replay.isError || replayFailed.isError) && (
        <ErrorCallout error={replay.error ?? replayFailed.error} title="The replay did not start" />
      )}
      <table className="table">
        <thead>
          <tr>
            <th>Event</th>
            <th>Order</th>
            <th>State</th>
            <th>Attempts</th>
            <th>Last answer</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {deliveries.data.map((d) => (
            <tr key={d.id}>
              <td>
                <code>{d.eventType}</code>
              </td>
              <td>{d.orderId ? <a href={`/admin/orders/${d.orderId}`}>{d.orderNumber}</a> : '—'}</td>
              <td>
                <Badge tone={OUTCOME_TONE[d.state] ?? 'neutral'}>{d.state}</Badge>
              </td>
              <td
                title={d.attemptLog
                  .map((a) => `${formatDateTime(a.attemptedAt)}: ${a.statusCode ?? a.error ?? ''}`)
                  .join('\n')}
              >
                {d.attempts}
              </td>
              <td className="muted">
                {d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '—')}
                {d.state === 'pending' && d.nextAttemptAt ? ` · next try ${formatDateTime(d.nextAttemptAt)}` : ''}
              </td>
              <td>
                {d.canReplay && (
                  <button
                    type="button"
                    className="btn btn-sm btn-secondary"
                    disabled={replay.isPending}
                    onClick={() => replay.mutate({ deliveryId: d.id })}
                  >
                    Replay
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function EventEndpoints() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const endpoints = useQuery(trpc.eventEndpoints.list.queryOptions());
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.eventEndpoints.list.queryKey() });
  const create = useMutation(
    trpc.eventEndpoints.create.mutationOptions({
      onSuccess: () => {
        setUrl('');
        refresh();
      },
    }),
  );
  const remove = useMutation(trpc.eventEndpoints.delete.mutationOptions({ onSuccess: refresh }));
  return (
    <section className="section" aria-labelledby="event-endpoints">
      <h2 className="section-title" id="event-endpoints">
        Event endpoints
      </h2>
      <p className="muted">
        Your own systems hear about every milestone (order.created, shipment.booked … shipment.delivered), signed per
        Standard Webhooks. Verify them with the <code>standardwebhooks</code> package and the secret shown once below.
      </p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ url });
        }}
      >
        <label htmlFor="endpoint-url">URL</label>
        <input
          id="endpoint-url"
          value={url}
          maxLength={2000}
          placeholder="https://backend.yourstore.in/hooks/shipping"
          onChange={(e) => setUrl(e.target.value)}
        />
        <button type="submit" className="btn btn-primary btn-sm" disabled={!url.trim() || create.isPending}>
          <Webhook size={14} aria-hidden="true" /> Add endpoint
        </button>
      </form>
      {create.isError && <ErrorCallout error={create.error} title="The endpoint was not added" />}
      {create.data && (
        <Callout tone="success" title="Endpoint added: copy its signing secret now, it is shown only once">
          <CopyValue value={create.data.secret} label="Copy the signing secret" />
        </Callout>
      )}
      {endpoints.isPending ? (
        <LoadingBlock label="Loading endpoints" />
      ) : endpoints.isError ? (
        <ErrorCallout
          error={endpoints.error}
          title="Endpoints could not be loaded"
          onRetry={() => void endpoints.refetch()}
        />
      ) : endpoints.data.length === 0 ? (
        <EmptyState title="No event endpoints yet">
          Add one for each system that should hear about shipments.
        </EmptyState>
      ) : (
        endpoints.data.map((endpoint) => (
          <div key={endpoint.id} className="card card-pad">
            <div className="page-header">
              <code>{endpoint.url}</code>
              <div>
                {!endpoint.enabled ? (
                  <Badge tone="red" title={endpoint.disabledReason ?? undefined}>
                    Disabled
                  </Badge>
                ) : endpoint.failingSince ? (
                  <Badge tone="amber">Failing since {formatDateTime(endpoint.failingSince)}</Badge>
                ) : (
                  <Badge tone="green">Active</Badge>
                )}{' '}
                <button
                  type="button"
                  className="btn btn-ghost btn-icon btn-xs"
                  aria-label={`Delete the endpoint ${endpoint.url}`}
                  disabled={remove.isPending}
                  onClick={() => {
                    if (window.confirm(`Delete ${endpoint.url}? Its deliveries and their log go with it.`))
                      remove.mutate({ id: endpoint.id });
                  }}
                >
                  <Trash2 size={13} aria-hidden="true" />
                </button>
              </div>
            </div>
            <p className="muted">Events: {endpoint.eventTypes ? endpoint.eventTypes.join(', ') : 'all'}</p>
            <EndpointDeliveries endpoint={endpoint} />
          </div>
        ))
      )}
    </section>
  );
}

/** Integrations: the store channels (Shopify, WooCommerce) and the event endpoints of the store's own systems. */
