import { useQuery } from '@tanstack/react-query';
import { CircleCheck, CircleMinus, Copy } from 'lucide-react';
import { useTRPC } from '../data/trpc';
import { CodConfirmationCard } from './cod-confirmation-card';
import { Callout, ErrorCallout } from '../ui/callout';
import { Spinner } from '../ui/spinner';
import { useCopy } from '../ui/use-copy';
import { DeliveryRulesCard } from './delivery-rules-card';

function CopyField({ label, value }: { label: string; value: string }) {
  const { copied, copy } = useCopy();
  return (
    <div className="setup-field">
      <span className="setup-label">{label}</span>
      <div className="setup-value">
        <code>{value}</code>
        <button
          type="button"
          className="btn btn-ghost btn-icon btn-xs"
          aria-label={`Copy ${label}`}
          onClick={() => copy(value)}
        >
          <Copy size={13} aria-hidden="true" />
        </button>
        {copied && <span className="muted">Copied</span>}
      </div>
    </div>
  );
}

function Channel({
  on,
  label,
  detail,
  onText = 'sending',
  offText = 'not configured: messages are kept in the outbox (readable in Order Details)',
}: {
  on: boolean;
  label: string;
  detail: string;
  onText?: string;
  offText?: string;
}) {
  return (
    <li className="setup-channel">
      {on ? (
        <CircleCheck size={16} aria-hidden="true" className="tone-green-text" />
      ) : (
        <CircleMinus size={16} aria-hidden="true" className="muted" />
      )}
      <span>
        <strong>{label}</strong> {on ? onText : offText}
        <span className="muted"> · {detail}</span>
      </span>
    </li>
  );
}

/** Where a store's engineer finishes the setup: webhook URLs for iCarry's panel and channel status. */
export function SetupPage() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions());
  if (settings.isPending) return <Spinner label="Loading setup" />;
  if (settings.isError)
    return <ErrorCallout error={settings.error} title="Setup could not load" onRetry={() => void settings.refetch()} />;
  const s = settings.data;
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Setup</h1>
          <p className="muted">Connect iCarry’s pushes and check which customer channels are live.</p>
        </div>
      </div>
      <div className="setup-grid">
        <section className="section" aria-labelledby="setup-webhooks">
          <h2 className="section-title" id="setup-webhooks">
            iCarry webhooks
          </h2>
          <p className="section-lead muted setup-lead">
            In iCarry: Account → Integrations → API Credentials. Paste each URL into its box. The secret in the URL is
            what proves a push came from iCarry; keep it private.
          </p>
          {s.mode === 'sandbox' && (
            <Callout tone="info" title="Sandbox mode">
              <p>
                The built-in iCarry sandbox already sends its pushes here. These URLs matter once you add your iCarry
                account.
              </p>
            </Callout>
          )}
          <CopyField label="Webhook URL to get Shipment Status" value={s.webhooks.statusUrl} />
          <CopyField label="Webhook URL for NDR event" value={s.webhooks.ndrUrl} />
          <CopyField label="Webhook URL for Weight Dispute event" value={s.webhooks.weightUrl} />
        </section>
        <section className="section" aria-labelledby="setup-channels">
          <h2 className="section-title" id="setup-channels">
            Shipping and messages
          </h2>
          <ul className="setup-list">
            <Channel
              on={s.mode === 'live'}
              label="iCarry"
              onText="live account"
              offText="sandbox: simulated couriers, nothing is booked or charged"
              detail={
                s.mode === 'live'
                  ? `pickup address ${s.pickup.addressId}, pincode ${s.pickup.pincode}`
                  : 'set the variables under “To go live” and restart'
              }
            />
            <Channel
              on={s.email.configured}
              label="Email"
              detail={`from ${s.email.from}; NDR alerts to ${s.email.adminAlertsTo}`}
            />
            <Channel
              on={s.whatsapp.configured}
              label="WhatsApp"
              onText={s.whatsapp.standIn ? 'sandbox stand-in: nothing reaches real phones' : 'sending'}
              detail="template messages to customers who opted in"
            />
            <Channel
              on={s.whatsapp.appSecretConfigured}
              label="WhatsApp receipts"
              onText="delivered, read and failed come back"
              offText="not configured: set WHATSAPP_APP_SECRET (and WHATSAPP_VERIFY_TOKEN for Meta's handshake)"
              detail="statuses and quick replies from Meta"
            />
          </ul>
          {s.whatsapp.configured && !s.whatsapp.standIn && (
            <CopyField label="Webhook URL for WhatsApp (Meta app settings)" value={s.whatsapp.webhookUrl} />
          )}
          <p className="muted setup-note">
            Shipments quiet for {s.reconcile.quietMinutes} minutes are checked with iCarry every{' '}
            {s.reconcile.everyMinutes} minutes, so a missed push is caught.
          </p>
        </section>
        <CodConfirmationCard />
        <DeliveryRulesCard />
        <section className="section" aria-labelledby="setup-go-live">
          <h2 className="section-title" id="setup-go-live">
            To go live
          </h2>
          <p className="section-lead muted setup-lead">
            Set these in the server’s environment (or <code>.env</code>) and restart; then paste the webhook URLs into
            iCarry’s panel.
          </p>
          <ul className="setup-list" data-testid="go-live-variables">
            {s.goLive.map((v) => (
              <li key={v.name}>
                <code>{v.name}</code> <span className="muted">{v.what}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
