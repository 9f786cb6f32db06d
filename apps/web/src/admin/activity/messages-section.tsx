import { useQuery } from '@tanstack/react-query';
import { ChevronRight, Mail, MessageCircle } from 'lucide-react';
import type { RouterOutputs } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import type { Tone } from '../../shared/labels';
import { useTRPC } from '../data/trpc';
import { Badge } from '../ui/badge';
import { ErrorCallout } from '../ui/callout';
import { Section } from '../ui/section';
import { LoadingBlock } from '../ui/spinner';

type Message = RouterOutputs['orders']['messages'][number];

/** The server's state for each message (the outbox and WhatsApp's receipts), in words. */
const MESSAGE_STATE: Record<Message['state'], { label: string; tone: Tone; title: string }> = {
  queued: { label: 'Queued', tone: 'amber', title: 'Waiting to be sent' },
  sending: { label: 'Sending', tone: 'amber', title: 'Being sent now' },
  logged: {
    label: 'Not sent',
    tone: 'gray',
    title: 'No mail server or WhatsApp account is configured: the message is kept in the outbox',
  },
  sent: { label: 'Sent', tone: 'blue', title: 'Accepted by the mail server or WhatsApp' },
  delivered: { label: 'Delivered', tone: 'green', title: 'WhatsApp delivered it to the phone' },
  read: { label: 'Read', tone: 'green', title: 'The customer opened it on WhatsApp' },
  failed: { label: 'Failed', tone: 'red', title: 'Not delivered' },
  cancelled: { label: 'Cancelled', tone: 'gray', title: 'Not sent: the customer replied STOP on WhatsApp' },
};

function humanize(template: string): string {
  const text = template.replace(/[_.-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function MessageContent({ message }: { message: Message }) {
  if (message.contentRemoved) {
    return <p className="muted">The text was removed after the retention period.</p>;
  }
  const whatsapp = message.whatsapp;
  return (
    <details className="message-content">
      <summary>
        <ChevronRight size={14} aria-hidden="true" className="disclosure" />
        {message.channel === 'whatsapp' ? 'Read the WhatsApp message' : 'Read the email'}
      </summary>
      {whatsapp ? (
        <dl className="message-template">
          <dt>Template</dt>
          <dd>
            <code>{whatsapp.templateName}</code> ({whatsapp.language})
          </dd>
          {whatsapp.parameters.map((value, index) => (
            <div key={index} className="message-param">
              <dt>{`{{${index + 1}}}`}</dt>
              <dd>{value}</dd>
            </div>
          ))}
          {whatsapp.buttonUrlSuffix && (
            <>
              <dt>Button link</dt>
              <dd className="message-link">…/{whatsapp.buttonUrlSuffix}</dd>
            </>
          )}
        </dl>
      ) : (
        <div className="message-text">
          {message.subject && <p className="message-subject">Subject: {message.subject}</p>}
          <p className="message-body">{message.body}</p>
        </div>
      )}
    </details>
  );
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
            const state = MESSAGE_STATE[message.state];
            const reported = message.delivery?.at ? ` · reported ${formatDateTime(message.delivery.at)}` : '';
            return (
              <li key={message.id} className="message" data-testid="message">
                <span className="message-icon" aria-hidden="true">
                  {message.channel === 'whatsapp' ? <MessageCircle size={15} /> : <Mail size={15} />}
                </span>
                <div className="message-main">
                  <div className="message-head">
                    <p className="message-title">
                      {message.subject ?? humanize(message.template)}
                      <span className="subtle">
                        {' '}
                        · {message.channel === 'whatsapp' ? 'WhatsApp' : 'Email'} to{' '}
                        {message.audience === 'admin' ? 'the team' : 'the customer'} ({message.recipient})
                      </span>
                    </p>
                    <Badge tone={state.tone} title={`${state.title}${reported}`}>
                      {state.label}
                    </Badge>
                  </div>
                  <p className="subtle">
                    {formatDateTime(message.sentAt ?? message.createdAt)}
                    {message.attempts > 1 && ` · ${message.attempts} attempts`}
                    {message.failureReason ? (
                      <span className="error-text"> · {message.failureReason}</span>
                    ) : (
                      message.state === 'queued' &&
                      message.lastError && <span className="error-text"> · retrying: {message.lastError}</span>
                    )}
                  </p>
                  <MessageContent message={message} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
