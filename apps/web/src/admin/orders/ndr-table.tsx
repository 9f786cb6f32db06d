import type { UseQueryResult } from '@tanstack/react-query';
import { MessageSquareWarning } from 'lucide-react';
import type { RouterOutputs } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import type { Tone } from '../../shared/labels';
import { Badge, StatusBadge } from '../ui/badge';
import { ErrorCallout } from '../ui/callout';
import { EmptyState } from '../ui/section';

type NdrRow = RouterOutputs['orders']['ndrList'][number];

/** The server's verdict on each open NDR, in the team's words. */
const ANSWER: Record<NdrRow['answerState'], { label: string; tone: Tone }> = {
  answered: { label: 'Customer answered', tone: 'green' },
  waiting: { label: 'No answer yet', tone: 'amber' },
  no_choice: { label: 'Needs you', tone: 'red' },
  expired: { label: 'No answer in time', tone: 'gray' },
};

function timeLeft(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  if (hours >= 24) return `${Math.floor(hours / 24)} d ${hours % 24} h left`;
  if (hours >= 1) return `${hours} h left`;
  return `${Math.max(1, Math.floor(ms / 60_000))} min left`;
}

/** Orders tab "NDR": open failed deliveries with the customer's answer, or "no answer" and the time left. */
export function NdrTable({
  query,
  onView,
}: {
  query: UseQueryResult<NdrRow[], unknown>;
  onView: (orderId: string) => void;
}) {
  if (query.isError)
    return (
      <div className="card card-pad">
        <ErrorCallout error={query.error} title="NDRs could not be loaded" onRetry={() => void query.refetch()} />
      </div>
    );
  const rows = query.data;
  if (rows && rows.length === 0)
    return (
      <div className="card table-card">
        <EmptyState title="No open failed deliveries" icon={<MessageSquareWarning size={22} />}>
          When a courier cannot deliver, the order shows here with the customer’s answer.
        </EmptyState>
      </div>
    );
  return (
    <div className="card table-card">
      <div className="table-scroll">
        <table className="table ndr-table" aria-busy={query.isPending}>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Failed</th>
              <th scope="col">Reason</th>
              <th scope="col">Customer’s answer</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((row) => (
              <tr key={row.orderId} data-order={row.orderNumber}>
                <td>
                  <span className="order-number">{row.orderNumber}</span>
                  <span className="subtle"> {row.customerName}</span>
                </td>
                <td className="nowrap">{formatDateTime(row.recordedAt)}</td>
                <td>
                  <span className="mono subtle">{row.ndrCode}</span>
                  <p className="ndr-reason">{row.reason}</p>
                </td>
                <td>
                  <Badge tone={ANSWER[row.answerState].tone}>{ANSWER[row.answerState].label}</Badge>
                  {row.answer ? (
                    <p className="ndr-answer">
                      {row.answer.summary}{' '}
                      <span className="subtle">
                        ({row.answer.channel === 'whatsapp' ? 'WhatsApp' : 'tracking page'},{' '}
                        {formatDateTime(row.answer.at)})
                      </span>
                    </p>
                  ) : (
                    row.answerState === 'waiting' &&
                    row.timeLeftMs !== null && <p className="subtle">{timeLeft(row.timeLeftMs)}</p>
                  )}
                </td>
                <td>
                  <StatusBadge status={row.status} />
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="btn btn-secondary btn-sm"
                    onClick={() => onView(row.orderId)}
                    aria-label={`View order ${row.orderNumber}`}
                  >
                    View
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
