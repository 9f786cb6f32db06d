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
import { AppLink } from '../ui/app-link';
import { IndiaMap } from './india-map';
import { formatPercent, formatWeek } from './insights-format';
import { closedOrdersHref, type ClosedLink } from './insights-links';

/** The Insights page's chart panels (weekly rates, states, payment mode, couriers) and the pieces they share. */
export type Overview = RouterOutputs['insights']['overview'];

export const RTO_COLOUR = '#b91c1c';
export const NDR_COLOUR = '#6d28d9';
export const DELIVERED_COLOUR = '#15803d';
export const PAYMENT_LABEL = { cod: 'COD', prepaid: 'Prepaid' } as const;

/** A count that opens the orders it counts; a zero is plain text (there is nothing to open). */
export function Count({ n, link, label }: { n: number; link: ClosedLink; label: string }) {
  if (n === 0) return <>0</>;
  return (
    <AppLink href={closedOrdersHref(link)} label={`${n} ${label}: open these orders`}>
      {n}
    </AppLink>
  );
}

export function Panel({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
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
export function WeeklyPanel({ weeks }: { weeks: Overview['weeks'] }) {
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

export function StatesPanel({ states }: { states: Overview['states'] }) {
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

export function PaymentPanel({ payments }: { payments: Overview['payments'] }) {
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

export function CourierPanel({ couriers }: { couriers: Overview['couriers'] }) {
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
