import { useMutation, useQuery } from '@tanstack/react-query';
import { ChevronRight, Mail, MessageCircle, RotateCw } from 'lucide-react';
import { useId, useState, type SyntheticEvent } from 'react';
import type { RouterOutputs } from '../shared/api';
import { errorInfo, fieldError } from '../shared/errors';
import { formatDateTime, toDate } from '../shared/format';
import { ORDER_STATUS_LABEL, SHIPMENT_STATUS_LABEL, type Tone } from '../shared/labels';
import { useTRPC } from './trpc';
import { useRefreshOrder, type OrderDetail } from './order-data';
import { Badge, EmptyState, ErrorCallout, FieldError, LoadingBlock, Section, Spinner } from './ui';

type HistoryEntry = OrderDetail['history'][number];
type Note = OrderDetail['notes'][number];
type Message = RouterOutputs['orders']['messages'][number];
type InboxEntry = RouterOutputs['orders']['inbox'][number];

const SOURCE_LABEL: Record<HistoryEntry['source'], string> = {
  admin: 'Admin',
  booking: 'Booking',
  webhook: 'iCarry webhook',
  sync: 'Status sync',
  track: 'Courier scan',
  system: 'System',
};

function newestFirst<T extends { id: string }>(items: T[], at: (item: T) => Date | string): T[] {
  return [...items].sort((a, b) => toDate(at(b)).getTime() - toDate(at(a)).getTime() || Number(b.id) - Number(a.id));
}

function sameText(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
}

function historyTitle(entry: HistoryEntry): string {
  if (entry.carrierStatus?.startsWith('NDR:')) return 'Delivery attempt failed';
  if (entry.source === 'track' && entry.description) return entry.description;
  if (entry.orderStatus) return ORDER_STATUS_LABEL[entry.orderStatus];
  if (entry.shipmentStatus) return SHIPMENT_STATUS_LABEL[entry.shipmentStatus];
  return entry.carrierStatus ?? 'Update';
}

export function HistorySection({ history }: { history: OrderDetail['history'] }) {
  const entries = newestFirst(history, (h) => h.recordedAt);
  return (
    <Section title="Status history" id="history">
      {entries.length === 0 ? (
        <p className="muted">No status updates yet. iCarry’s webhooks appear here as they arrive.</p>
      ) : (
        <ol className="timeline">
          {entries.map((entry) => {
            const ndr = entry.carrierStatus?.startsWith('NDR:') ?? false;
            // Courier scans and NDRs never move the status, so "not applied" means late or repeated only for status pushes.
            const superseded = !entry.applied && !ndr && entry.source !== 'track';
            const title = historyTitle(entry);
            const shipmentLabel =
              entry.shipmentStatus && entry.orderStatus ? SHIPMENT_STATUS_LABEL[entry.shipmentStatus] : null;
            return (
              <li
                key={entry.id}
                className={`timeline-item${superseded ? ' is-muted' : ''}${ndr ? ' is-ndr' : ''}${entry.source === 'track' ? ' is-scan' : ''}`}
              >
                <span className="timeline-dot" aria-hidden="true" />
                <div className="timeline-content">
                  <p className="timeline-title">
                    {title}
                    {shipmentLabel && !sameText(shipmentLabel, title) && (
                      <span className="subtle"> · {shipmentLabel}</span>
                    )}
                    {superseded && (
                      <Badge
                        tone="gray"
                        title="Recorded but not applied: the order had already moved past this status."
                      >
                        late/duplicate update
                      </Badge>
                    )}
                  </p>
                  {entry.description &&
                    !sameText(entry.description, title) &&
                    !sameText(entry.description, shipmentLabel) && (
                      <p className="timeline-text">
                        {ndr ? entry.description.replace(/^Delivery attempt failed:\s*/i, '') : entry.description}
                      </p>
                    )}
                  <p className="timeline-meta">
                    <time dateTime={toDate(entry.occurredAt ?? entry.recordedAt).toISOString()}>
                      {formatDateTime(entry.occurredAt ?? entry.recordedAt)}
                    </time>
                    {entry.location && <span>{entry.location}</span>}
                    <span>{SOURCE_LABEL[entry.source]}</span>
                    {entry.carrierStatus && !ndr && <span className="mono">code {entry.carrierStatus}</span>}
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </Section>
  );
}

const NOTE_KIND: Record<Note['kind'], { label: string; tone: Tone }> = {
  note: { label: 'Note', tone: 'neutral' },
  ndr: { label: 'Delivery failed (NDR)', tone: 'amber' },
  system: { label: 'System', tone: 'gray' },
  weight: { label: 'Weight', tone: 'blue' },
};

export function NotesSection({ orderId, notes }: { orderId: string; notes: Note[] }) {
  const trpc = useTRPC();
  const refresh = useRefreshOrder(orderId);
  const [body, setBody] = useState('');
  const id = useId();
  const add = useMutation(
    trpc.orders.addNote.mutationOptions({
      onSuccess: () => {
        setBody('');
        return refresh();
      },
    }),
  );
  const info = add.error ? errorInfo(add.error) : null;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!add.isPending) add.mutate({ orderId, body });
  };
  const sorted = newestFirst(notes, (n) => n.createdAt);
  return (
    <Section title="Notes" id="notes">
      <form className="note-form" onSubmit={submit}>
        <label htmlFor={`${id}-note`} className="visually-hidden">
          Add a note
        </label>
        <textarea
          id={`${id}-note`}
          rows={2}
          placeholder="Add a note for the team…"
          value={body}
          onChange={(e) => setBody(e.target.value)}
          maxLength={2000}
          aria-invalid={fieldError(info, 'body') ? true : undefined}
        />
        <div className="note-form-row">
          <FieldError
            message={
              fieldError(info, 'body') ??
              (info && Object.keys(info.fieldErrors).length === 0 ? info.message : undefined)
            }
          />
          <button type="submit" className="btn btn-secondary btn-sm" disabled={add.isPending || !body.trim()}>
            {add.isPending && <Spinner />} Add note
          </button>
        </div>
      </form>
      {sorted.length > 0 && (
        <ul className="notes">
          {sorted.map((note) => (
            <li key={note.id} className={`note note-${note.kind}`}>
              <div className="note-head">
                <Badge tone={NOTE_KIND[note.kind].tone}>{NOTE_KIND[note.kind].label}</Badge>
                {note.ndrCode && <span className="mono subtle">{note.ndrCode}</span>}
                <time className="subtle" dateTime={toDate(note.createdAt).toISOString()}>
                  {formatDateTime(note.createdAt)}
                </time>
              </div>
              <p className="note-body">{note.body}</p>
              {note.ndrDate && <p className="subtle">Attempted {note.ndrDate}</p>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

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
                  </p>
                </div>
                <Badge tone={status.tone} title={status.title}>
                  {status.label}
                </Badge>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

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
