import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ReceiptText } from 'lucide-react';
import { useId, useState } from 'react';
import type { RouterInputs } from '../../shared/api';
import { formatPaise } from '../../shared/format';
import { useTRPC } from '../data/trpc';
import { ErrorCallout } from '../ui/callout';
import { EmptyState } from '../ui/section';
import { LoadingBlock } from '../ui/spinner';
import { formatMonth } from './billing-format';
import { BillingSummary, FlaggedBills } from './billing-tables';
import '../packing.css';

/**
 * What iCarry charged: quoted vs billed by courier and month (the server's default range is this
 * month and the two before), the bills flagged as different, and the parcels not billed yet.
 */
export function BillingPage() {
  const trpc = useTRPC();
  const id = useId();
  const [range, setRange] = useState<{ fromMonth?: string; toMonth?: string }>({});
  const input: RouterInputs['packing']['billingReport'] = range.fromMonth || range.toMonth ? range : undefined;
  const report = useQuery(trpc.packing.billingReport.queryOptions(input, { placeholderData: keepPreviousData }));
  const data = report.data;

  return (
    <div className="page page-stack">
      <div className="page-header">
        <div>
          <h1 className="page-title">Billing</h1>
          <p className="muted">What iCarry billed for delivered and returned parcels, beside what it quoted.</p>
        </div>
        <div className="page-toolbar">
          <div className="field">
            <label htmlFor={`${id}-from`}>From month</label>
            <input
              id={`${id}-from`}
              type="month"
              value={range.fromMonth ?? data?.fromMonth ?? ''}
              max={range.toMonth ?? data?.toMonth}
              onChange={(e) => setRange((r) => ({ ...r, fromMonth: e.target.value || undefined }))}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>To month</label>
            <input
              id={`${id}-to`}
              type="month"
              value={range.toMonth ?? data?.toMonth ?? ''}
              min={range.fromMonth ?? data?.fromMonth}
              onChange={(e) => setRange((r) => ({ ...r, toMonth: e.target.value || undefined }))}
            />
          </div>
        </div>
      </div>

      {report.isPending ? (
        <LoadingBlock label="Loading what iCarry billed…" />
      ) : report.isError && !data ? (
        <ErrorCallout
          error={report.error}
          title="The billing report could not be loaded"
          onRetry={() => void report.refetch()}
        />
      ) : data ? (
        <>
          {report.isError && <ErrorCallout error={report.error} title="Showing the last loaded report" />}
          <dl className="stat-row" aria-label="Billing totals" aria-busy={report.isFetching}>
            <div className="stat">
              <dt>Quoted</dt>
              <dd>{formatPaise(data.totals.quotedPaise)}</dd>
            </div>
            <div className="stat">
              <dt>Billed</dt>
              <dd>{formatPaise(data.totals.billedPaise)}</dd>
            </div>
            <div className="stat">
              <dt>Flagged bills</dt>
              <dd>{data.totals.flagged}</dd>
            </div>
            <div className="stat">
              <dt>Not billed yet</dt>
              <dd data-testid="billing-pending">
                {data.pendingCount}
                <span className="stat-sub">delivered or returned parcels</span>
              </dd>
            </div>
          </dl>
          <p className="subtle">
            {formatMonth(data.fromMonth)} to {formatMonth(data.toMonth)}. A bill more than{' '}
            {formatPaise(data.tolerancePaise)} away from its quote is flagged on the order.
          </p>
          {data.months.length === 0 ? (
            <div className="card">
              <EmptyState title="No bills in these months" icon={<ReceiptText size={22} />}>
                iCarry’s charges appear once it bills delivered and returned parcels (checked every hour).
              </EmptyState>
            </div>
          ) : (
            <BillingSummary report={data} />
          )}
          {data.flagged.length > 0 && <FlaggedBills flagged={data.flagged} />}
        </>
      ) : null}
    </div>
  );
}
