import { useQuery } from '@tanstack/react-query';
import type { RouterOutputs } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { useTRPC } from '../data/trpc';
import { Badge } from '../ui/badge';
import { Callout, ErrorCallout } from '../ui/callout';
import { LoadingBlock } from '../ui/spinner';
import '../orders-in.css';
import { CopyValue, OUTCOME_TONE } from './integration-parts';
import { EventEndpoints } from './event-endpoints';
import { WhatsAppConsent } from './whatsapp-consent';

type ChannelOverview = RouterOutputs['integrations']['overview'][number];

function ChannelCard({ channel }: { channel: ChannelOverview }) {
  return (
    <section className="section card card-pad" aria-labelledby={`channel-${channel.channel}`}>
      <div className="page-header">
        <h2 className="section-title" id={`channel-${channel.channel}`}>
          {channel.label}
        </h2>
        {channel.configured ? <Badge tone="green">Connected</Badge> : <Badge tone="neutral">Not configured</Badge>}
      </div>
      {!channel.configured ? (
        <p className="muted">
          Off. Set the {channel.label} variables (see docs/integrations.md) and restart to take its orders.
        </p>
      ) : (
        <>
          <p>
            Webhook URL to paste into {channel.label} (topics: {channel.topics.join(', ')}):
          </p>
          <CopyValue value={channel.webhookUrl} label={`Copy the ${channel.label} webhook URL`} />
          <p className="muted">
            Last webhook: {channel.lastWebhookAt ? formatDateTime(channel.lastWebhookAt) : 'none yet'} · Tracking
            write-back: {channel.writeBackConfigured ? 'on' : 'off (no API credentials)'}
          </p>
          <WhatsAppConsent channel={channel} />
          {channel.lastError && (
            <Callout tone="warning" title={`Last problem, ${formatDateTime(channel.lastError.at)}`}>
              {channel.lastError.detail}
            </Callout>
          )}
          {channel.lastPollError && (
            <Callout tone="warning" title="The last reconciliation poll failed">
              {channel.lastPollError}
            </Callout>
          )}
        </>
      )}
      {channel.recentWebhooks.length > 0 && (
        <table className="table">
          <caption className="muted">Recent webhooks</caption>
          <thead>
            <tr>
              <th>Received</th>
              <th>Topic</th>
              <th>Order</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {channel.recentWebhooks.map((w) => (
              <tr key={w.id}>
                <td>{formatDateTime(w.receivedAt)}</td>
                <td>
                  <code>{w.topic}</code>
                </td>
                <td>
                  {w.orderId ? <a href={`/admin/orders/${w.orderId}`}>{w.orderNumber}</a> : (w.externalId ?? '—')}
                </td>
                <td>
                  <Badge tone={OUTCOME_TONE[w.outcome] ?? 'neutral'}>{w.outcome}</Badge>{' '}
                  {w.detail && <span className="muted">{w.detail}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {channel.recentWritebacks.length > 0 && (
        <table className="table">
          <caption className="muted">Tracking written back</caption>
          <thead>
            <tr>
              <th>Order</th>
              <th>What</th>
              <th>State</th>
              <th>Attempts</th>
              <th>Store said</th>
            </tr>
          </thead>
          <tbody>
            {channel.recentWritebacks.map((w) => (
              <tr key={w.id}>
                <td>
                  <a href={`/admin/orders/${w.orderId}`}>{w.orderNumber}</a>
                </td>
                <td>{w.what.replace(/_/g, ' ')}</td>
                <td>
                  <Badge tone={OUTCOME_TONE[w.state] ?? 'neutral'}>{w.state}</Badge>
                </td>
                <td>{w.attempts}</td>
                <td className="muted">{[...w.userErrors, ...(w.lastError ? [w.lastError] : [])].join('; ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function IntegrationsPage() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.integrations.overview.queryOptions());
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Integrations</h1>
          <p className="muted">Orders in from your store, tracking written back, and events to your own systems.</p>
        </div>
      </div>
      {overview.isPending ? (
        <LoadingBlock label="Loading channels" />
      ) : overview.isError ? (
        <ErrorCallout
          error={overview.error}
          title="Channels could not be loaded"
          onRetry={() => void overview.refetch()}
        />
      ) : (
        overview.data.map((channel) => <ChannelCard key={channel.channel} channel={channel} />)
      )}
      <EventEndpoints />
    </div>
  );
}
