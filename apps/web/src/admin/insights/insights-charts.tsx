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

/** One row of an outcome table: the row's own cells, then its counts, each linking to the orders it counts. */
export interface OutcomeRow {
  key: string;
  cells: ReactNode[];
  /** What narrows every link of the row (its week, state, pincode, payment or courier). */
  filter: Omit<ClosedLink, 'outcome'>;
  closed: number;
  rto: number;
  rtoPercent: number | null;
  ndr: number;
  ndrPercent: number | null;
  delivered: number;
  deliveredPercent: number | null;
  /** A last cell after the counts (the courier's transit days). */
  last?: ReactNode;
}

function CountWithRate({
  n,
  percent,
  link,
  label,
}: {
  n: number;
  percent: number | null;
  link: ClosedLink;
  label: string;
}) {
  return (
    <>
      <Count n={n} link={link} label={label} /> <span className="subtle">{formatPercent(percent)}</span>
    </>
  );
}

/**
 * The table under every Insights chart: closed parcels with their RTO and NDR (and, for couriers,
 * delivered) counts and rates per row; each count opens the orders it counts.
 */
export function OutcomeTable({
  label,
  headers,
  rows,
  withDelivered = false,
  lastHeader,
  className = 'table-scroll',
}: {
  label: string;
  headers: { title: string; cellClassName?: string }[];
  rows: OutcomeRow[];
  withDelivered?: boolean;
  lastHeader?: string;
  className?: string;
}) {
  return (
    <div className={className}>
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h.title} scope="col">
                {h.title}
              </th>
            ))}
            <th scope="col" className="num">
              Closed
            </th>
            {withDelivered && (
              <th scope="col" className="num">
                Delivered
              </th>
            )}
            <th scope="col" className="num">
              RTO
            </th>
            <th scope="col" className="num">
              NDR
            </th>
            {lastHeader && (
              <th scope="col" className="num">
                {lastHeader}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              {r.cells.map((cell, i) => (
                <td key={i} className={headers[i]?.cellClassName}>
                  {cell}
                </td>
              ))}
              <td className="num">
                <Count n={r.closed} link={{ ...r.filter, outcome: 'closed' }} label="closed parcels" />
              </td>
              {withDelivered && (
                <td className="num">
                  <CountWithRate
                    n={r.delivered}
                    percent={r.deliveredPercent}
                    link={{ ...r.filter, outcome: 'delivered' }}
                    label="delivered parcels"
                  />
                </td>
              )}
              <td className="num">
                <CountWithRate
                  n={r.rto}
                  percent={r.rtoPercent}
                  link={{ ...r.filter, outcome: 'rto' }}
                  label="returned parcels"
                />
              </td>
              <td className="num">
                <CountWithRate
                  n={r.ndr}
                  percent={r.ndrPercent}
                  link={{ ...r.filter, outcome: 'ndr' }}
                  label="parcels with an NDR"
                />
              </td>
              {lastHeader && <td className="num nowrap">{r.last}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
        <OutcomeTable
          label="Closed parcels by week"
          className="table-scroll insights-table-short"
          headers={[{ title: 'Week of', cellClassName: 'nowrap' }]}
          rows={shown.map((w) => ({ ...w, key: w.week, cells: [formatWeek(w.week)], filter: { week: w.week } }))}
        />
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
        <OutcomeTable
          label="Closed parcels by state"
          className="table-scroll insights-table-short"
          headers={[{ title: 'State' }]}
          rows={states.map((st) => ({ ...st, key: st.state, cells: [st.state], filter: { state: st.state } }))}
        />
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
      <OutcomeTable
        label="Closed parcels by payment mode"
        headers={[{ title: 'Payment' }]}
        rows={payments.map((p) => ({
          ...p,
          key: p.payment,
          cells: [PAYMENT_LABEL[p.payment]],
          filter: { payment: p.payment },
        }))}
      />
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
      <OutcomeTable
        label="Closed parcels by courier"
        headers={[{ title: 'Courier' }]}
        withDelivered
        lastHeader="Transit median / p90"
        rows={couriers.map((c) => ({
          ...c,
          key: c.courier,
          cells: [c.courierName],
          filter: { courier: c.courier },
          last: c.medianDays === null ? '–' : `${c.medianDays} / ${c.p90Days ?? '–'} days`,
        }))}
      />
    </Panel>
  );
}
