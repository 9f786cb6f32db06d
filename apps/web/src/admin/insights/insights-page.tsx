import { useQuery } from '@tanstack/react-query';
import { ChartLine } from 'lucide-react';
import { formatPaise } from '../../shared/format';
import { useTRPC } from '../data/trpc';
import { Callout, ErrorCallout } from '../ui/callout';
import { EmptyState } from '../ui/section';
import { LoadingBlock } from '../ui/spinner';
import { formatPercent } from './insights-format';
import '../packing.css';
import './insights.css';

import {
  Count,
  CourierPanel,
  OutcomeTable,
  Panel,
  PaymentPanel,
  StatesPanel,
  WeeklyPanel,
  type Overview,
} from './insights-charts';
function MoneyPanel({ money }: { money: Overview['rtoMoney'] }) {
  return (
    <Panel id="insights-money" title="Money lost to RTO" intro="Freight paid both ways on parcels that came back.">
      <dl className="stat-row insights-stats">
        <div className="stat">
          <dt>Total freight lost</dt>
          <dd data-testid="rto-money-total">{formatPaise(money.totalPaise)}</dd>
        </div>
        <div className="stat">
          <dt>Returned parcels</dt>
          <dd>
            <Count n={money.rtoShipments} link={{ outcome: 'rto' }} label="returned parcels" />
          </dd>
        </div>
        <div className="stat">
          <dt>Forward freight</dt>
          <dd>{formatPaise(money.forwardPaise)}</dd>
        </div>
        <div className="stat">
          <dt>Return freight</dt>
          <dd>
            {formatPaise(money.returnPaise)}
            {money.returnLegEstimated && <span className="stat-sub">partly estimated</span>}
          </dd>
        </div>
      </dl>
      {money.returnLegEstimated && (
        <p className="subtle insights-intro" data-testid="rto-money-estimated">
          iCarry has not billed the return leg of {money.estimatedReturnShipments} of these parcels separately, so their
          return freight is counted equal to what the forward leg cost ({formatPaise(money.estimatedReturnPaise)}).
        </p>
      )}
      {money.unpricedShipments > 0 && (
        <p className="subtle insights-intro">
          {money.unpricedShipments} returned parcels have neither a bill nor a quote and count as nothing here.
        </p>
      )}
    </Panel>
  );
}

function PincodePanel({ pincodes, minClosed }: { pincodes: Overview['worstPincodes']; minClosed: number }) {
  return (
    <Panel
      id="insights-pincodes"
      title="Pincodes with the most returns"
      intro={`Highest RTO rate first, among pincodes with at least ${minClosed} closed parcels.`}
    >
      {pincodes.length === 0 ? (
        <p className="subtle insights-intro">No pincode has enough closed parcels with a return yet.</p>
      ) : (
        <OutcomeTable
          label="Pincodes with the most returns"
          headers={[{ title: 'Pincode', cellClassName: 'mono' }, { title: 'State' }]}
          rows={pincodes.map((p) => ({
            ...p,
            key: p.pincode,
            cells: [p.pincode, p.state],
            filter: { pincode: p.pincode },
          }))}
        />
      )}
    </Panel>
  );
}

/**
 * Insights: what the store's own deliveries say. Every figure is the server's (insights.overview);
 * every count links to the orders it counts.
 */
export function InsightsPage() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.insights.overview.queryOptions());
  const data = overview.data;

  return (
    <div className="page page-stack insights">
      <div className="page-header">
        <div>
          <h1 className="page-title">Insights</h1>
          <p className="muted">Where parcels come back, and what it costs: from every parcel this store has closed.</p>
        </div>
      </div>
      {overview.isPending ? (
        <LoadingBlock label="Reading your delivery history…" />
      ) : overview.isError ? (
        <ErrorCallout
          error={overview.error}
          title="Insights could not be loaded"
          onRetry={() => void overview.refetch()}
        />
      ) : !data ? null : data.totals.closed === 0 ? (
        <div className="card">
          <EmptyState title="No closed parcels yet" icon={<ChartLine size={22} />}>
            Rates appear once parcels are delivered or come back to origin.
          </EmptyState>
        </div>
      ) : (
        <>
          <dl className="stat-row" aria-label="All closed parcels">
            <div className="stat">
              <dt>Closed parcels</dt>
              <dd>
                <Count n={data.totals.closed} link={{ outcome: 'closed' }} label="closed parcels" />
              </dd>
            </div>
            <div className="stat">
              <dt>Delivered</dt>
              <dd>
                {formatPercent(data.totals.deliveredPercent)}
                <span className="stat-sub">
                  <Count n={data.totals.delivered} link={{ outcome: 'delivered' }} label="delivered parcels" /> parcels
                </span>
              </dd>
            </div>
            <div className="stat">
              <dt>Returned to origin (RTO)</dt>
              <dd data-testid="rto-rate">
                {formatPercent(data.totals.rtoPercent)}
                <span className="stat-sub">
                  <Count n={data.totals.rto} link={{ outcome: 'rto' }} label="returned parcels" /> parcels
                </span>
              </dd>
            </div>
            <div className="stat">
              <dt>Failed delivery (NDR)</dt>
              <dd>
                {formatPercent(data.totals.ndrPercent)}
                <span className="stat-sub">
                  <Count n={data.totals.ndr} link={{ outcome: 'ndr' }} label="parcels with an NDR" /> parcels
                </span>
              </dd>
            </div>
          </dl>
          {data.rtoMoney.rtoShipments > 0 && <MoneyPanel money={data.rtoMoney} />}
          <WeeklyPanel weeks={data.weeks} />
          <StatesPanel states={data.states} />
          <div className="insights-grid">
            <PaymentPanel payments={data.payments} />
            <PincodePanel pincodes={data.worstPincodes} minClosed={data.worstPincodeMinClosed} />
          </div>
          <CourierPanel couriers={data.couriers} />
          {data.totals.closed < 20 && (
            <Callout tone="info" title="Few parcels so far">
              With under 20 closed parcels a single return moves these rates a lot.
            </Callout>
          )}
        </>
      )}
    </div>
  );
}
