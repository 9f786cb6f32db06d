import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, PackageCheck } from 'lucide-react';
import { useCallback, useEffect, useRef } from 'react';
import { formatDateTime } from '../../shared/format';
import { useTRPC } from '../data/trpc';
import { PrintLabelsPanel } from '../labels/print-labels-panel';
import { ORDERS_PATH } from '../router/order-links';
import { AppLink } from '../ui/app-link';
import { Callout, ErrorCallout } from '../ui/callout';
import { Section } from '../ui/section';
import { LoadingBlock } from '../ui/spinner';
import { BatchItems } from './batch-items';
import { ProgressBar } from './progress-bar';
import '../packing.css';

/** What the batch's results changed elsewhere: the list, today's pickup, the tab badges, the batch lists. */
function useRefreshAfterBatch() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(() => {
    for (const filter of [
      trpc.orders.list.pathFilter(),
      trpc.orders.batches.pathFilter(),
      trpc.packing.pickup.pathFilter(),
      trpc.packing.tabCounts.pathFilter(),
    ])
      void queryClient.invalidateQueries(filter);
  }, [queryClient, trpc]);
}

/**
 * A bulk shipment's page: the progress bar and per-order results, polled every second while the
 * batch runs (it is a job on the server: closing this tab or a restart does not stop it), then
 * "Print labels for these".
 */
export function BatchPage({ batchId }: { batchId: string }) {
  const trpc = useTRPC();
  const batch = useQuery(
    trpc.orders.batch.queryOptions(
      { batchId },
      { refetchInterval: (query) => (query.state.data?.state === 'done' ? false : 1_000), staleTime: 0 },
    ),
  );
  const refresh = useRefreshAfterBatch();
  const state = batch.data?.state;
  const seen = useRef(state);
  useEffect(() => {
    if (seen.current === 'running' && state === 'done') refresh();
    seen.current = state;
  }, [state, refresh]);

  const data = batch.data;
  return (
    <div className="page page-stack">
      <div className="page-header">
        <div>
          <AppLink href={ORDERS_PATH}>
            <ArrowLeft size={14} aria-hidden="true" /> Back to Orders
          </AppLink>
          <h1 className="page-title">Bulk shipment {batchId}</h1>
          {data && (
            <p className="muted">
              Started {formatDateTime(data.createdAt)} ·{' '}
              {data.courierPolicy === 'cheapest'
                ? 'cheapest courier for each order'
                : data.courierPolicy === 'best'
                  ? 'best delivery record for each order'
                  : 'preferred courier'}{' '}
              · {data.mode === 'express' ? 'express' : 'surface'} shipping
              {data.finishedAt && ` · finished ${formatDateTime(data.finishedAt)}`}
            </p>
          )}
        </div>
      </div>
      {batch.isPending ? (
        <LoadingBlock label="Loading the bulk shipment…" />
      ) : batch.isError && !data ? (
        <ErrorCallout
          error={batch.error}
          title="This bulk shipment could not be loaded"
          onRetry={() => void batch.refetch()}
        />
      ) : data ? (
        <>
          <Section title={data.state === 'done' ? 'Done' : 'Booking with iCarry…'} id="batch-progress">
            <ProgressBar
              done={data.done}
              total={data.total}
              finished={data.state === 'done'}
              label="Bulk shipment progress"
              large
            />
            <p className="muted batch-progress-text" role="status">
              {data.done} of {data.total} done
              {data.state === 'running' && data.booking > 0 && ` · ${data.booking} booking now`}
            </p>
            <dl className="stat-row" aria-label="Results">
              <div className="stat">
                <dt>Booked</dt>
                <dd data-testid="booked-count">{data.booked}</dd>
              </div>
              <div className="stat">
                <dt>Failed</dt>
                <dd data-testid="failed-count">{data.failed}</dd>
              </div>
              <div className="stat">
                <dt>Outcome unknown</dt>
                <dd data-testid="unknown-count">{data.unknown}</dd>
              </div>
              <div className="stat">
                <dt>Skipped</dt>
                <dd data-testid="skipped-count">{data.skipped}</dd>
              </div>
            </dl>
            {batch.isError && <ErrorCallout error={batch.error} title="Progress could not be refreshed" />}
            {data.unknown > 0 && (
              <Callout tone="warning" title="Some bookings need a person">
                <p>
                  iCarry did not answer in time for these, so they may have been booked. They are flagged on the order:
                  open each and record what the iCarry panel shows. They are never booked twice.
                </p>
              </Callout>
            )}
          </Section>
          {data.state === 'done' && data.printableOrderIds.length > 0 && (
            <Section title="Labels" id="batch-labels">
              <Callout tone="success" title="Booked with iCarry" icon={<PackageCheck size={18} />}>
                <p>Customers have been told. Print the labels and hand the parcels over at pickup.</p>
              </Callout>
              <PrintLabelsPanel selection={{ orderIds: data.printableOrderIds }} actionLabel="Print labels for these" />
            </Section>
          )}
          <div className="card table-card">
            <BatchItems items={data.items} />
          </div>
        </>
      ) : null}
    </div>
  );
}
