import {
  countClosedByWeek,
  memoryByCourier,
  memoryByPayment,
  memoryByState,
  rtoFreight,
  worstPincodes,
  type InsightCounts,
} from '@app/db';
import { istDay, transitPercentile } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';

/** How many IST weeks the weekly chart covers, the current one last. */
export const INSIGHT_WEEKS = 26;
/** A pincode needs this many closed shipments before its RTO rate ranks it. */
export const WORST_PINCODE_MIN_CLOSED = 5;
export const WORST_PINCODE_LIMIT = 10;

const DAY_MS = 86_400_000;

/** A share of closed shipments as a percentage with one decimal; null when nothing closed. */
export function percentOf(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 1000) / whole) / 10 : null;
}

/** The counts with their delivered, RTO and NDR percentages (of closed shipments). */
function withRates<T extends InsightCounts>(row: T) {
  return {
    ...row,
    deliveredPercent: percentOf(row.delivered, row.closed),
    rtoPercent: percentOf(row.rto, row.closed),
    ndrPercent: percentOf(row.ndr, row.closed),
  };
}

/** Mondays (YYYY-MM-DD) of the last `count` IST weeks, oldest first, the one holding `now` last. */
export function istWeeks(now: Date, count: number): string[] {
  const today = Date.parse(`${istDay(now)}T00:00:00Z`);
  const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY_MS;
  return Array.from({ length: count }, (_, i) =>
    new Date(monday - (count - 1 - i) * 7 * DAY_MS).toISOString().slice(0, 10),
  );
}

/**
 * Everything the Insights page shows, decided here: weekly RTO and NDR rates from the shipments that
 * closed in each IST week; by state, payment mode, courier and pincode from the delivery memory;
 * the freight lost to RTO both ways.
 */
export async function insightsOverview(deps: AppDeps) {
  const weeks = istWeeks(deps.clock.now(), INSIGHT_WEEKS);
  const [byWeek, states, payments, couriers, pincodes, freight] = await Promise.all([
    countClosedByWeek(deps.db, weeks[0] ?? istDay(deps.clock.now())),
    memoryByState(deps.db),
    memoryByPayment(deps.db),
    memoryByCourier(deps.db),
    worstPincodes(deps.db, { minClosed: WORST_PINCODE_MIN_CLOSED, limit: WORST_PINCODE_LIMIT }),
    rtoFreight(deps.db),
  ]);
  const weekCounts = new Map(byWeek.map((row) => [row.week, row]));
  const returnPaise = freight.billedReturnPaise + freight.estimatedReturnPaise;
  const totals = states.reduce(
    (sum, row) => ({
      closed: sum.closed + row.closed,
      delivered: sum.delivered + row.delivered,
      rto: sum.rto + row.rto,
      lost: sum.lost + row.lost,
      ndr: sum.ndr + row.ndr,
    }),
    { closed: 0, delivered: 0, rto: 0, lost: 0, ndr: 0 },
  );
  return {
    totals: withRates(totals),
    weeks: weeks.map((week) =>
      withRates({
        ...(weekCounts.get(week) ?? { closed: 0, delivered: 0, rto: 0, lost: 0, ndr: 0 }),
        week,
        weekEnd: new Date(Date.parse(`${week}T00:00:00Z`) + 6 * DAY_MS).toISOString().slice(0, 10),
      }),
    ),
    states: states.map(withRates),
    payments: payments.map(withRates),
    couriers: couriers.map(({ transitDays, ...row }) => ({
      ...withRates(row),
      courierName: row.courierName ?? row.courier,
      medianDays: transitPercentile(transitDays, 0.5),
      p90Days: transitPercentile(transitDays, 0.9),
    })),
    worstPincodes: pincodes.map(withRates),
    worstPincodeMinClosed: WORST_PINCODE_MIN_CLOSED,
    rtoMoney: {
      rtoShipments: freight.rtoShipments,
      forwardPaise: freight.forwardPaise,
      returnPaise,
      totalPaise: freight.forwardPaise + returnPaise,
      /** Set when some return legs had no bill and were counted equal to their forward freight. */
      returnLegEstimated: freight.estimatedReturnShipments > 0,
      estimatedReturnShipments: freight.estimatedReturnShipments,
      estimatedReturnPaise: freight.estimatedReturnPaise,
      unpricedShipments: freight.unpricedShipments,
    },
  };
}

export type InsightsOverview = Awaited<ReturnType<typeof insightsOverview>>;
