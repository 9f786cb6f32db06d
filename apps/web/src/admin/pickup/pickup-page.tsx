import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { FileDown, PackageOpen } from 'lucide-react';
import { useId, useState } from 'react';
import { formatDate, formatGrams, formatPaise } from '../../shared/format';
import { useTRPC } from '../data/trpc';
import { PrintLabelsPanel } from '../labels/print-labels-panel';
import { manifestPdfUrl } from '../labels/pdf-urls';
import { PdfStatus } from '../labels/pdf-status';
import { useOpenPdf } from '../labels/use-open-pdf';
import { ErrorCallout } from '../ui/callout';
import { EmptyState } from '../ui/section';
import { LoadingBlock } from '../ui/spinner';
import { CourierTotals, PickupParcels } from './pickup-tables';
import '../packing.css';

/**
 * Today's pickup: the parcels the courier collects on a day (IST; the server's today unless a date
 * is picked), totals by courier, which labels are still unprinted, and the manifest to sign.
 */
export function PickupPage() {
  const trpc = useTRPC();
  const id = useId();
  const [date, setDate] = useState<string | null>(null);
  const pickup = useQuery(
    trpc.packing.pickup.queryOptions(date ? { date } : undefined, {
      placeholderData: keepPreviousData,
      refetchInterval: 30_000,
    }),
  );
  const manifest = useOpenPdf();
  const data = pickup.data;
  const shownDate = date ?? data?.date ?? '';
  const unprinted = data?.shipments.filter((s) => !s.labelPrinted).map((s) => s.orderId) ?? [];

  return (
    <div className="page page-stack">
      <div className="page-header">
        <div>
          <h1 className="page-title">{date === null ? 'Today’s pickup' : 'Pickup'}</h1>
          <p className="muted">
            {data && <strong>{formatDate(data.date)}: </strong>}
            booked parcels waiting for the courier, their labels and the manifest to sign at handover.
          </p>
        </div>
        <div className="page-toolbar">
          <div className="field">
            <label htmlFor={`${id}-date`}>Pickup date</label>
            <input id={`${id}-date`} type="date" value={shownDate} onChange={(e) => setDate(e.target.value || null)} />
          </div>
          <button
            type="button"
            className="btn btn-secondary"
            disabled={!shownDate || manifest.state.status === 'opening'}
            onClick={() => manifest.open(manifestPdfUrl(shownDate), `manifest-${shownDate}.pdf`)}
          >
            <FileDown size={16} aria-hidden="true" /> Download manifest
          </button>
        </div>
      </div>
      <PdfStatus state={manifest.state} what="manifest" />

      {pickup.isPending ? (
        <LoadingBlock label="Loading the day’s parcels…" />
      ) : pickup.isError && !data ? (
        <ErrorCallout
          error={pickup.error}
          title="The pickup could not be loaded"
          onRetry={() => void pickup.refetch()}
        />
      ) : data ? (
        <>
          {pickup.isError && <ErrorCallout error={pickup.error} title="Showing the last loaded pickup" />}
          {pickup.isFetching && pickup.isPlaceholderData && <LoadingBlock label="Loading the day’s parcels…" />}
          <dl className="stat-row" aria-label="Pickup totals" aria-busy={pickup.isFetching}>
            <div className="stat">
              <dt>Parcels</dt>
              <dd data-testid="pickup-count">{data.summary.count}</dd>
            </div>
            <div className="stat">
              <dt>Weight</dt>
              <dd>{formatGrams(data.summary.weightGrams)}</dd>
            </div>
            <div className="stat">
              <dt>COD to collect</dt>
              <dd>
                {formatPaise(data.summary.codPaise)}
                <span className="stat-sub">
                  {data.summary.codCount} COD parcel{data.summary.codCount === 1 ? '' : 's'}
                </span>
              </dd>
            </div>
            <div className="stat">
              <dt>Labels not printed</dt>
              <dd>{data.summary.unprinted}</dd>
            </div>
          </dl>
          {data.shipments.length === 0 ? (
            <div className="card">
              <EmptyState title={`Nothing awaits pickup on ${formatDate(data.date)}`} icon={<PackageOpen size={22} />}>
                Parcels appear here once they are booked with iCarry, until the courier picks them up.
              </EmptyState>
            </div>
          ) : (
            <>
              {unprinted.length > 0 && (
                <div className="card card-pad" role="region" aria-label="Missing labels">
                  <PrintLabelsPanel selection={{ orderIds: unprinted }} actionLabel="Print missing labels" />
                </div>
              )}
              <CourierTotals summary={data.summary} />
              <PickupParcels shipments={data.shipments} />
            </>
          )}
        </>
      ) : null}
    </div>
  );
}
