import { useQuery } from '@tanstack/react-query';
import { Mail, MessageCircle } from 'lucide-react';
import type { RouterOutputs } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import type { Tone } from '../../shared/labels';
import { useTRPC } from '../data/trpc';
import { Badge } from '../ui/badge';
import { ErrorCallout } from '../ui/callout';
import { Section } from '../ui/section';
import { LoadingBlock } from '../ui/spinner';

type Message = RouterOutputs['orders']['messages'][number];

const MESSAGE_STATUS: Record<Message['status'], { label: string; tone: Tone; title: string }> = {
  pending: { label: 'Queued', tone: 'amber', title: 'Waiting to be sent' },
  sending: { label: 'Sending', tone: 'amber', title: 'Being sent now' },
  sent: { label: 'Sent', tone: 'green', title: 'Accepted by the mail server or WhatsApp' },
  failed: { label: 'Failed', tone: 'red', title: 'Gave up after retries' },
  logged: {
    label: 'Logged only',
    tone: 'gray',
    title: 'No mail server or WhatsApp account is configured: the message was written to the log',
  },
};

/** What WhatsApp reported after accepting the message (receipts). */
const DELIVERY: Record<NonNullable<Message['delivery']>['status'], { label: string; tone: Tone }> = {
  sent: { label: 'On its way', tone: 'blue' },
  delivered: { label: 'Delivered', tone: 'green' },
  read: { label: 'Read', tone: 'green' },
  failed: { label: 'Not delivered', tone: 'red' },
};

function humanize(template: string): string {
  const text = template.replace(/[_.-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function MessagesSection({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const messages = useQuery(
    trpc.orders.messages.queryOptions(
      { orderId },
      { refetchInterval: (q) => (q.state.status === 'error' ? false : 3_000) },
    ),
  );
  return (
    <Section title="Messages" id="messages">
      {messages.isPending ? (
        <LoadingBlock label="Loading messages…" />
      ) : messages.isError ? (
        <ErrorCallout error={messages.error} onRetry={() => void messages.refetch()} />
      ) : messages.data.length === 0 ? (
        <p className="muted">
          No messages yet. The customer is told when the order ships, goes out for delivery and is delivered.
        </p>
      ) : (
        <ul className="messages">
          {messages.data.map((message) => {
            const status = MESSAGE_STATUS[message.status];
            return (
              <li key={message.id} className="message">
                <span className="message-icon" aria-hidden="true">
                  {message.channel === 'whatsapp' ? <MessageCircle size={15} /> : <Mail size={15} />}
                </span>
                <div className="message-main">
                  <p className="message-title">
                    {message.subject ?? humanize(message.template)}
                    <span className="subtle">
                      {' '}
                      · {message.channel === 'whatsapp' ? 'WhatsApp' : 'Email'} to{' '}
                      {message.audience === 'admin' ? 'the team' : 'customer'} ({message.recipient})
                    </span>
                  </p>
                  <p className="subtle">
                    {formatDateTime(message.sentAt ?? message.createdAt)}
                    {message.attempts > 1 && ` · ${message.attempts} attempts`}
                    {message.lastError && message.status !== 'sent' && (
                      <span className="error-text"> · {message.lastError}</span>
                    )}
                    {message.delivery?.status === 'failed' && (
                      <span className="error-text"> · WhatsApp error {message.delivery.error ?? 'without a code'}</span>
                    )}
                  </p>
                </div>
                <Badge tone={status.tone} title={status.title}>
                  {status.label}
                </Badge>
                {message.delivery && (
                  <Badge
                    tone={DELIVERY[message.delivery.status].tone}
                    title={message.delivery.at ? `Reported ${formatDateTime(message.delivery.at)}` : undefined}
                  >
                    {DELIVERY[message.delivery.status].label}
                  </Badge>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
