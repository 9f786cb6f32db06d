import { useQuery } from '@tanstack/react-query';
import { Layers } from 'lucide-react';
import { formatDateTime, formatRelative } from '../../shared/format';
import { useTRPC } from '../data/trpc';
import { AppLink } from '../ui/app-link';
import { Badge } from '../ui/badge';
import { batchHref } from './bulk-paths';
import { ProgressBar } from './progress-bar';
import '../packing.css';

/**
 * On the Orders page: bulk shipments still running (a closed tab finds its way back here) and the
 * recent ones, each linking to its page. Polled every 3 s while one runs.
 */
export function BatchesStrip() {
  const trpc = useTRPC();
  const batches = useQuery(
    trpc.orders.batches.queryOptions(
      { limit: 10 },
      {
        refetchInterval: (query) => (query.state.data?.items.some((b) => b.state === 'running') ? 3_000 : 30_000),
      },
    ),
  );
  const items = batches.data?.items ?? [];
  if (items.length === 0) return null;
  const running = items.filter((b) => b.state === 'running');
  return (
    <div className="batches-strip">
      {running.map((b) => (
        <div key={b.batchId} className="callout callout-info batch-running" role="status">
          <Layers size={18} aria-hidden="true" className="callout-icon" />
          <strong>Bulk shipment running</strong>
          <ProgressBar done={b.done} total={b.total} finished={false} label={`Bulk shipment ${b.batchId} progress`} />
          <span className="muted">
            {b.done} of {b.total} done · started {formatRelative(b.createdAt)}
          </span>
          <AppLink href={batchHref(b.batchId)} label={`Open bulk shipment ${b.batchId}`}>
            Open
          </AppLink>
        </div>
      ))}
      <details className="recent-batches">
        <summary>Recent bulk shipments ({items.length})</summary>
        <div className="table-scroll">
          <table className="table" aria-label="Recent bulk shipments">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Orders
                </th>
                <th scope="col" className="num">
                  Booked
                </th>
                <th scope="col" className="num">
                  Failed
                </th>
                <th scope="col" className="num">
                  Unknown
                </th>
                <th scope="col" className="num">
                  Skipped
                </th>
                <th scope="col">
                  <span className="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((b) => (
                <tr key={b.batchId}>
                  <td className="nowrap">{formatDateTime(b.createdAt)}</td>
                  <td>
                    {b.state === 'running' ? <Badge tone="blue">Running</Badge> : <Badge tone="green">Done</Badge>}
                  </td>
                  <td className="num">{b.total}</td>
                  <td className="num">{b.booked}</td>
                  <td className="num">{b.failed}</td>
                  <td className="num">{b.unknown}</td>
                  <td className="num">{b.skipped}</td>
                  <td className="actions">
                    <AppLink href={batchHref(b.batchId)} label={`Open bulk shipment ${b.batchId}`}>
                      Open
                    </AppLink>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
