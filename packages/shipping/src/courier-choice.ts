/**
 * What the store's own history says about couriers and places, decided once: which courier to book
 * under the "best" policy, whether a COD order is risky, whether a perishable parcel would spoil.
 * Pure: the caller brings iCarry's estimates and the memory's figures.
 */
import type { Estimate } from './icarry/icarry.types';
import { summariseMemory, type MemoryCounts, type MemorySummary } from './delivery-memory';

/** A courier needs this many closed parcels to a place before its rate counts. */
export const MIN_COURIER_HISTORY = 5;

export interface BestPolicy {
  /** Pay at most this much more than the cheapest (paise)... */
  withinPaise?: number;
  /** ...or this many percent more; the larger allowance wins when both are set. */
  withinPercent?: number;
}

export const DEFAULT_BEST_POLICY: Required<BestPolicy> = { withinPaise: 2_000, withinPercent: 0 };

export interface CourierChoice {
  estimate: Estimate;
  /** Why this courier, in a sentence an admin reads in the review and in Order Details. */
  reason: string;
  /** The courier's delivered share where the decision was made, when the history had one. */
  deliveredRate: number | null;
}

const rupees = (paise: number) => `Rs ${(paise / 100).toLocaleString('en-IN', { maximumFractionDigits: 2 })}`;
const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * The courier with the best delivered rate among those costing at most the allowance more than the
 * cheapest; the cheapest when no courier within it has enough history. `history` maps iCarry's
 * courier id to its closed parcels to this place (the pincode, else its district).
 */
export function chooseBestCourier(
  estimates: readonly Estimate[],
  history: ReadonlyMap<string, MemoryCounts>,
  policy: BestPolicy = DEFAULT_BEST_POLICY,
): CourierChoice | null {
  const sorted = [...estimates].sort((a, b) => a.totalPaise - b.totalPaise);
  const cheapest = sorted[0];
  if (!cheapest) return null;
  const allowance = Math.max(
    policy.withinPaise ?? 0,
    Math.round((cheapest.totalPaise * (policy.withinPercent ?? 0)) / 100),
  );
  const rated = sorted
    .filter((e) => e.totalPaise <= cheapest.totalPaise + allowance)
    .map((estimate) => {
      const counts = history.get(estimate.courierId);
      const summary = counts && counts.closed >= MIN_COURIER_HISTORY ? summariseMemory(counts) : null;
      return { estimate, summary };
    })
    .filter((r): r is { estimate: Estimate; summary: MemorySummary & { deliveredRate: number } } =>
      Boolean(r.summary && r.summary.deliveredRate !== null),
    );
  const best = rated.reduce<(typeof rated)[number] | null>(
    (top, r) =>
      !top ||
      r.summary.deliveredRate > top.summary.deliveredRate ||
      (r.summary.deliveredRate === top.summary.deliveredRate && r.estimate.totalPaise < top.estimate.totalPaise)
        ? r
        : top,
    null,
  );
  if (!best) {
    return {
      estimate: cheapest,
      reason: `Cheapest (${rupees(cheapest.totalPaise)}): no courier within ${rupees(allowance)} of it has ${MIN_COURIER_HISTORY} parcels to this place yet`,
      deliveredRate: null,
    };
  }
  const extra = best.estimate.totalPaise - cheapest.totalPaise;
  const cheapestRate = rated.find((r) => r.estimate.courierId === cheapest.courierId)?.summary.deliveredRate;
  return {
    estimate: best.estimate,
    reason:
      extra === 0
        ? `Cheapest and best here: ${percent(best.summary.deliveredRate)} of ${best.summary.closed} parcels delivered`
        : `Best delivery rate within ${rupees(allowance)} of the cheapest: ${percent(best.summary.deliveredRate)} of ${best.summary.closed} parcels delivered, ${rupees(extra)} more than ${cheapest.courierName}${cheapestRate !== undefined ? ` (${percent(cheapestRate)})` : ''}`,
    deliveredRate: best.summary.deliveredRate,
  };
}

/** The store's threshold: a COD order to a place returned more often than this is risky. */
export const DEFAULT_RTO_RISK_THRESHOLD = 0.25;

export interface CodRisk {
  risky: boolean;
  /** The COD RTO rate that decided it and how many COD parcels it is from. */
  rtoRate: number | null;
  closed: number;
  scope: 'pincode' | 'district' | null;
  reason: string | null;
}

/**
 * Whether a COD order's place returns COD parcels more often than the threshold: the pincode's COD
 * history when it has enough, else its district's.
 */
export function codRisk(
  levels: readonly { scope: 'pincode' | 'district'; counts: MemoryCounts }[],
  threshold = DEFAULT_RTO_RISK_THRESHOLD,
): CodRisk {
  for (const level of levels) {
    if (level.counts.closed < MIN_COURIER_HISTORY) continue;
    const { rtoRate } = summariseMemory(level.counts);
    if (rtoRate === null) continue;
    const risky = rtoRate > threshold;
    return {
      risky,
      rtoRate,
      closed: level.counts.closed,
      scope: level.scope,
      reason: risky
        ? `${percent(rtoRate)} of ${level.counts.closed} COD parcels to this ${level.scope === 'pincode' ? 'pincode' : 'area'} came back (the store's limit is ${percent(threshold)})`
        : null,
    };
  }
  return { risky: false, rtoRate: null, closed: 0, scope: null, reason: null };
}

export interface SpoilageCheck {
  spoils: boolean;
  /** 90th-percentile transit days for the mode, when known. */
  p90Days: number | null;
  reason: string | null;
}

/**
 * Whether a parcel whose shortest shelf life is `shelfLifeDays` would outlive it in transit: the
 * 90th-percentile transit for its mode exceeds the shelf life.
 */
export function spoilageCheck(shelfLifeDays: number | null, p90Days: number | null): SpoilageCheck {
  if (shelfLifeDays === null || p90Days === null) return { spoils: false, p90Days, reason: null };
  const spoils = p90Days > shelfLifeDays;
  return {
    spoils,
    p90Days,
    reason: spoils
      ? `1 in 10 parcels here takes ${p90Days} days or more; the shortest shelf life in this parcel is ${shelfLifeDays} days`
      : null,
  };
}

/** Why the cheapest courier: the policy said so. */
export function cheapestReason(estimates: readonly Estimate[]): string {
  const sorted = [...estimates].sort((a, b) => a.totalPaise - b.totalPaise);
  const cheapest = sorted[0];
  if (!cheapest) return 'Cheapest courier offered';
  return sorted.length === 1
    ? `The only courier offered (${rupees(cheapest.totalPaise)})`
    : `Cheapest of ${sorted.length} couriers offered (${rupees(cheapest.totalPaise)})`;
}

/**
 * Why a courier someone named (the admin in Order Details, or a batch's preferred courier) was
 * booked, against the cheapest and what the history recommends.
 */
export function namedCourierReason(
  chosen: Estimate,
  estimates: readonly Estimate[],
  best: CourierChoice | null,
  by: 'admin' | 'preferred',
): string {
  const cheapest = [...estimates].sort((a, b) => a.totalPaise - b.totalPaise)[0] ?? chosen;
  const who = by === 'admin' ? 'Chosen by the admin' : "The batch's preferred courier";
  if (best && best.estimate.courierId === chosen.courierId && best.deliveredRate !== null) {
    return `${who}, and the best here: ${best.reason}`;
  }
  if (chosen.courierId === cheapest.courierId) {
    const reason = cheapestReason(estimates);
    return `${who}: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
  }
  return `${who}: ${rupees(chosen.totalPaise)}, ${rupees(chosen.totalPaise - cheapest.totalPaise)} more than the cheapest (${cheapest.courierName})`;
}

/** Why booking moved on: the courier before refused the pincode. */
export function nextCourierReason(refused: Estimate, next: Estimate): string {
  return `${refused.courierName} refused the pincode when booked; ${next.courierName} was next (${rupees(next.totalPaise)})`;
}
