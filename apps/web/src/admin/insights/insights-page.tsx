import { useQuery } from '@tanstack/react-query';
import { ChartLine } from 'lucide-react';
import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { RouterOutputs } from '../../shared/api';
import { formatPaise } from '../../shared/format';
import { useTRPC } from '../data/trpc';
import { AppLink } from '../ui/app-link';
import { Callout, ErrorCallout } from '../ui/callout';
import { EmptyState } from '../ui/section';
import { LoadingBlock } from '../ui/spinner';
import { IndiaMap } from './india-map';
import { formatPercent, formatWeek } from './insights-format';
import { closedOrdersHref, type ClosedLink } from './insights-links';
import '../packing.css';
import './insights.css';

type Overview = RouterOutputs['insights']['overview'];

const RTO_COLOUR = '#b91c1c';
const NDR_COLOUR = '#6d28d9';
const DELIVERED_COLOUR = '#15803d';
const PAYMENT_LABEL = { cod: 'COD', prepaid: 'Prepaid' } as const;

/** A count that opens the orders it counts; a zero is plain text (there is nothing to open). */
function Count({ n, link, label }: { n: number; link: ClosedLink; label: string }) {
  if (n === 0) return <>0</>;
  return (
    <AppLink href={closedOrdersHref(link)} label={`${n} ${label}: open these orders`}>
      {n}
    </AppLink>
  );
}

function Panel({ id, title, intro, children }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section className="card insights-panel" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 className="table-title" id={`${id}-title`}>
        {title}
      </h2>
      {intro && <p className="subtle insights-intro">{intro}</p>}
      {children}
    </section>
  );
}

const percentAxis = (value: number) => `${value}%`;
const tooltipPercent = (value: unknown) => (typeof value === 'number' ? `${value}%` : '–');

/** RTO and NDR rate per IST week (line), and the week's counts (table, each a link). */
function WeeklyPanel({ weeks }: { weeks: Overview['weeks'] }) {
  const data = weeks.map((w) => ({ ...w, label: formatWeek(w.week) }));
  const shown = weeks.filter((w) => w.closed > 0).reverse();
  return (
    <Panel
      id="insights-weekly"
      title="RTO and NDR rate by week"
      intro="Parcels that closed (delivered, returned to origin or lost) in each week, Monday to Sunday, India time. NDR: the order had a failed delivery attempt."
    >
      <div className="chart" data-testid="weekly-chart">
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
            <CartesianGrid stroke="#e4e4e7" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" minTickGap={24} />
            <YAxis tickFormatter={percentAxis} tick={{ fontSize: 12 }} allowDecimals={false} />
            <Tooltip
              formatter={tooltipPercent}
              labelFormatter={(label) => (typeof label === 'string' ? `Week of ${label}` : '')}
            />
            <Legend />
            <Line
              isAnimationActive={false}
              name="RTO rate"
              dataKey="rtoPercent"
              stroke={RTO_COLOUR}
              strokeWidth={2}
              dot={false}
              connectNulls
            />
            <Line
              isAnimationActive={false}
              name="NDR rate"
              dataKey="ndrPercent"
              stroke={NDR_COLOUR}
              strokeWidth={2}
              dot={false}
              connectNulls
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      {shown.length === 0 ? (
        <p className="subtle insights-intro">No parcel closed in the last 26 weeks.</p>
      ) : (
        <div className="table-scroll insights-table-short">
          <table className="table" aria-label="Closed parcels by week">
            <thead>
              <tr>
                <th scope="col">Week of</th>
                <th scope="col" className="num">
                  Closed
                </th>
                <th scope="col" className="num">
                  RTO
                </th>
                <th scope="col" className="num">
                  NDR
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((w) => (
                <tr key={w.week}>
                  <td className="nowrap">{formatWeek(w.week)}</td>
                  <td className="num">
                    <Count n={w.closed} link={{ outcome: 'closed', week: w.week }} label="closed parcels" />
                  </td>
                  <td className="num">
                    <Count n={w.rto} link={{ outcome: 'rto', week: w.week }} label="returned parcels" />{' '}
                    <span className="subtle">{formatPercent(w.rtoPercent)}</span>
                  </td>
                  <td className="num">
                    <Count n={w.ndr} link={{ outcome: 'ndr', week: w.week }} label="parcels with an NDR" />{' '}
                    <span className="subtle">{formatPercent(w.ndrPercent)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

function StatesPanel({ states }: { states: Overview['states'] }) {
  return (
    <Panel
      id="insights-states"
      title="RTO rate by state"
      intro="From every parcel the store has closed, both payment modes."
    >
      <div className="insights-split">
        <IndiaMap states={states} />
        <div className="table-scroll insights-table-short">
          <table className="table" aria-label="Closed parcels by state">
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Closed
                </th>
                <th scope="col" className="num">
                  RTO
                </th>
                <th scope="col" className="num">
                  NDR
                </th>
              </tr>
            </thead>
            <tbody>
              {states.map((s) => (
                <tr key={s.state}>
                  <td>{s.state}</td>
                  <td className="num">
                    <Count n={s.closed} link={{ outcome: 'closed', state: s.state }} label="closed parcels" />
                  </td>
                  <td className="num">
                    <Count n={s.rto} link={{ outcome: 'rto', state: s.state }} label="returned parcels" />{' '}
                    <span className="subtle">{formatPercent(s.rtoPercent)}</span>
                  </td>
                  <td className="num">
                    <Count n={s.ndr} link={{ outcome: 'ndr', state: s.state }} label="parcels with an NDR" />{' '}
                    <span className="subtle">{formatPercent(s.ndrPercent)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </Panel>
  );
}

function PaymentPanel({ payments }: { payments: Overview['payments'] }) {
  const data = payments.map((p) => ({ ...p, label: PAYMENT_LABEL[p.payment] }));
  return (
    <Panel id="insights-payment" title="By payment mode">
      <div className="chart" data-testid="payment-chart">
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
            <CartesianGrid stroke="#e4e4e7" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} />
            <YAxis tickFormatter={percentAxis} tick={{ fontSize: 12 }} allowDecimals={false} />
            <Tooltip formatter={tooltipPercent} />
            <Legend />
            <Bar isAnimationActive={false} name="RTO rate" dataKey="rtoPercent" fill={RTO_COLOUR} />
            <Bar isAnimationActive={false} name="NDR rate" dataKey="ndrPercent" fill={NDR_COLOUR} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="table-scroll">
        <table className="table" aria-label="Closed parcels by payment mode">
          <thead>
            <tr>
              <th scope="col">Payment</th>
              <th scope="col" className="num">
                Closed
              </th>
              <th scope="col" className="num">
                RTO
              </th>
              <th scope="col" className="num">
                NDR
              </th>
            </tr>
          </thead>
          <tbody>
            {payments.map((p) => (
              <tr key={p.payment}>
                <td>{PAYMENT_LABEL[p.payment]}</td>
                <td className="num">
                  <Count n={p.closed} link={{ outcome: 'closed', payment: p.payment }} label="closed parcels" />
                </td>
                <td className="num">
                  <Count n={p.rto} link={{ outcome: 'rto', payment: p.payment }} label="returned parcels" />{' '}
                  <span className="subtle">{formatPercent(p.rtoPercent)}</span>
                </td>
                <td className="num">
                  <Count n={p.ndr} link={{ outcome: 'ndr', payment: p.payment }} label="parcels with an NDR" />{' '}
                  <span className="subtle">{formatPercent(p.ndrPercent)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

function CourierPanel({ couriers }: { couriers: Overview['couriers'] }) {
  return (
    <Panel
      id="insights-couriers"
      title="By courier"
      intro="Transit: days from booking to delivery (India time) for the delivered parcels; 90% arrived within the p90."
    >
      <div className="chart" data-testid="courier-chart">
        <ResponsiveContainer width="100%" height={Math.max(180, couriers.length * 56)}>
          <BarChart data={couriers} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid stroke="#e4e4e7" horizontal={false} />
            <XAxis type="number" tickFormatter={percentAxis} tick={{ fontSize: 12 }} domain={[0, 100]} />
            <YAxis type="category" dataKey="courierName" width={120} tick={{ fontSize: 12 }} />
            <Tooltip formatter={tooltipPercent} />
            <Legend />
            <Bar isAnimationActive={false} name="Delivered" dataKey="deliveredPercent" fill={DELIVERED_COLOUR} />
            <Bar isAnimationActive={false} name="RTO" dataKey="rtoPercent" fill={RTO_COLOUR} />
            <Bar isAnimationActive={false} name="NDR" dataKey="ndrPercent" fill={NDR_COLOUR} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="table-scroll">
        <table className="table" aria-label="Closed parcels by courier">
          <thead>
            <tr>
              <th scope="col">Courier</th>
              <th scope="col" className="num">
                Closed
              </th>
              <th scope="col" className="num">
                Delivered
              </th>
              <th scope="col" className="num">
                RTO
              </th>
              <th scope="col" className="num">
                NDR
              </th>
              <th scope="col" className="num">
                Transit median / p90
              </th>
            </tr>
          </thead>
          <tbody>
            {couriers.map((c) => (
              <tr key={c.courier}>
                <td>{c.courierName}</td>
                <td className="num">
                  <Count n={c.closed} link={{ outcome: 'closed', courier: c.courier }} label="closed parcels" />
                </td>
                <td className="num">
                  <Count
                    n={c.delivered}
                    link={{ outcome: 'delivered', courier: c.courier }}
                    label="delivered parcels"
                  />{' '}
                  <span className="subtle">{formatPercent(c.deliveredPercent)}</span>
                </td>
                <td className="num">
                  <Count n={c.rto} link={{ outcome: 'rto', courier: c.courier }} label="returned parcels" />{' '}
                  <span className="subtle">{formatPercent(c.rtoPercent)}</span>
                </td>
                <td className="num">
                  <Count n={c.ndr} link={{ outcome: 'ndr', courier: c.courier }} label="parcels with an NDR" />{' '}
                  <span className="subtle">{formatPercent(c.ndrPercent)}</span>
                </td>
                <td className="num nowrap">
                  {c.medianDays === null ? '–' : `${c.medianDays} / ${c.p90Days ?? '–'} days`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

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
        <div className="table-scroll">
          <table className="table" aria-label="Pincodes with the most returns">
            <thead>
              <tr>
                <th scope="col">Pincode</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Closed
                </th>
                <th scope="col" className="num">
                  RTO
                </th>
                <th scope="col" className="num">
                  NDR
                </th>
              </tr>
            </thead>
            <tbody>
              {pincodes.map((p) => (
                <tr key={p.pincode}>
                  <td className="mono">{p.pincode}</td>
                  <td>{p.state}</td>
                  <td className="num">
                    <Count n={p.closed} link={{ outcome: 'closed', pincode: p.pincode }} label="closed parcels" />
                  </td>
                  <td className="num">
                    <Count n={p.rto} link={{ outcome: 'rto', pincode: p.pincode }} label="returned parcels" />{' '}
                    <span className="subtle">{formatPercent(p.rtoPercent)}</span>
                  </td>
                  <td className="num">
                    <Count n={p.ndr} link={{ outcome: 'ndr', pincode: p.pincode }} label="parcels with an NDR" />{' '}
                    <span className="subtle">{formatPercent(p.ndrPercent)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
