import type { UseQueryResult } from '@tanstack/react-query';
import { Hourglass } from 'lucide-react';
import type { RouterOutputs } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { SHIPMENT_STATUS_LABEL } from '../../shared/labels';
import { Badge } from '../ui/badge';
import { ErrorCallout } from '../ui/callout';
import { EmptyState } from '../ui/section';

type Stuck = RouterOutputs['packing']['stuck'];
type StuckRow = Stuck['items'][number];

/** 30 h, 3 d 4 h. */
export function formatHours(hours: number): string {
  if (hours < 24) return `${hours} h`;
  const rest = hours % 24;
  return `${Math.floor(hours / 24)} d${rest ? ` ${rest} h` : ''}`;
}

const STAGE_TONE: Record<StuckRow['stage'], 'amber' | 'violet' | 'red'> = {
  awaiting_pickup: 'amber',
  in_transit: 'violet',
  ndr: 'red',
};

/** Orders tab "Stuck": parcels the watchdog found without carrier movement past their stage's limit, longest first. */
export function StuckTable({
  query,
  onView,
}: {
  query: UseQueryResult<Stuck, unknown>;
  onView: (orderId: string) => void;
}) {
  if (query.isError)
    return (
      <div className="card card-pad">
        <ErrorCallout
          error={query.error}
          title="Stuck shipments could not be loaded"
          onRetry={() => void query.refetch()}
        />
      </div>
    );
  const data = query.data;
  const limits = data?.limits;
  return (
    <div className="card table-card">
      {data && data.items.length === 0 ? (
        <EmptyState title="Nothing is stuck" icon={<Hourglass size={22} />}>
          A parcel shows here when the courier reports no movement for too long.
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="table stuck-table" aria-busy={query.isPending} aria-label="Stuck shipments">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Stage</th>
                <th scope="col">Without movement</th>
                <th scope="col">Last event</th>
                <th scope="col">AWB</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(data?.items ?? []).map((row) => (
                <tr key={row.shipmentId} data-order={row.orderNumber}>
                  <td>
                    <span className="order-number">{row.orderNumber}</span>
                    {row.direction === 'return' && (
                      <>
                        {' '}
                        <Badge tone="blue">Return pickup</Badge>
                      </>
                    )}
                  </td>
                  <td>
                    <Badge tone={STAGE_TONE[row.stage]}>{row.stageLabel}</Badge>
                  </td>
                  <td className="nowrap">
                    <strong>{formatHours(row.hoursWithoutMovement)}</strong>
                    <span className="subtle"> since {formatDateTime(row.since)}</span>
                  </td>
                  <td>
                    {row.status ? SHIPMENT_STATUS_LABEL[row.status] : 'Booked'}
                    <p className="subtle stuck-reason">{row.reason}</p>
                  </td>
                  <td>
                    <span className="mono">{row.awb ?? '—'}</span>
                    {row.courierName && <span className="subtle"> {row.courierName}</span>}
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
      )}
      {limits && (
        <p className="table-note subtle">
          Flagged after {limits.awaitingPickupHours} h awaiting pickup, {limits.inTransitHours} h in transit, or{' '}
          {limits.ndrHours} h after a failed delivery with no answer. A digest email goes out daily from{' '}
          {limits.digestHourIst}:00 IST.
        </p>
      )}
    </div>
  );
}
