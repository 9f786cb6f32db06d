import { formatDateTime, toDate } from '../../shared/format';
import { ORDER_STATUS_LABEL, SHIPMENT_STATUS_LABEL } from '../../shared/labels';
import type { OrderDetail } from '../data/order-queries';
import { Badge } from '../ui/badge';
import { Section } from '../ui/section';

type HistoryEntry = OrderDetail['history'][number];

const SOURCE_LABEL: Record<HistoryEntry['source'], string> = {
  admin: 'Admin',
  booking: 'Booking',
  webhook: 'iCarry webhook',
  sync: 'Status sync',
  track: 'Courier scan',
  system: 'System',
  customer: 'Customer',
};

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

/** The order's timeline; `title` and `id` name another one (a return pickup's own history). */
export function HistorySection({
  history,
  title = 'Status history',
  id = 'history',
}: {
  history: OrderDetail['history'];
  title?: string;
  id?: string;
}) {
  // The server gives each event once, oldest first by when it happened; the timeline shows newest first.
  const entries = [...history].reverse();
  return (
    <Section title={title} id={id}>
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
