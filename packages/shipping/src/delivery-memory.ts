import { findICarryStateCode, ICARRY_STATE_CODES } from './states';

/**
 * What the store's own closed shipments say about a place: the counts that `delivery_memory` keeps
 * (see packages/db) and the figures read from them. Pure: the database sums, this reads.
 */

/** Transit-day buckets: 0, 1, ... 29 days, and a last one for 30 days or more. */
export const TRANSIT_BUCKETS = 31;

/** The bucket (0-based) of a delivery that took `days` IST days from booking. */
export function transitBucket(days: number): number {
  if (!Number.isFinite(days) || days < 0) return 0;
  return Math.min(Math.floor(days), TRANSIT_BUCKETS - 1);
}

/** The counts one memory row (or a sum of rows) holds. */
export interface MemoryCounts {
  closed: number;
  delivered: number;
  rto: number;
  lost: number;
  ndr: number;
  /** Delivered shipments per transit-day bucket, TRANSIT_BUCKETS long. */
  transitDays: readonly number[];
}

export const EMPTY_MEMORY: MemoryCounts = {
  closed: 0,
  delivered: 0,
  rto: 0,
  lost: 0,
  ndr: 0,
  transitDays: Array.from({ length: TRANSIT_BUCKETS }, () => 0),
};

export function addMemory(a: MemoryCounts, b: MemoryCounts): MemoryCounts {
  return {
    closed: a.closed + b.closed,
    delivered: a.delivered + b.delivered,
    rto: a.rto + b.rto,
    lost: a.lost + b.lost,
    ndr: a.ndr + b.ndr,
    transitDays: Array.from({ length: TRANSIT_BUCKETS }, (_, i) => (a.transitDays[i] ?? 0) + (b.transitDays[i] ?? 0)),
  };
}

/**
 * The smallest number of days within which at least `share` (0..1] of the delivered shipments
 * arrived (the nearest-rank percentile over the histogram); null with no deliveries.
 */
export function transitPercentile(transitDays: readonly number[], share: number): number | null {
  const total = transitDays.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(share * total));
  let seen = 0;
  for (const [days, count] of transitDays.entries()) {
    seen += count;
    if (seen >= rank) return days;
  }
  return TRANSIT_BUCKETS - 1;
}

/** A rate as a share of closed shipments (0..1), null when nothing closed. */
const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export interface MemorySummary {
  closed: number;
  delivered: number;
  rto: number;
  ndr: number;
  deliveredRate: number | null;
  rtoRate: number | null;
  ndrRate: number | null;
  /** Transit days from booking to delivery, from the delivered shipments only. */
  medianDays: number | null;
  p90Days: number | null;
}

export function summariseMemory(counts: MemoryCounts): MemorySummary {
  return {
    closed: counts.closed,
    delivered: counts.delivered,
    rto: counts.rto,
    ndr: counts.ndr,
    deliveredRate: rate(counts.delivered, counts.closed),
    rtoRate: rate(counts.rto, counts.closed),
    ndrRate: rate(counts.ndr, counts.closed),
    medianDays: transitPercentile(counts.transitDays, 0.5),
    p90Days: transitPercentile(counts.transitDays, 0.9),
  };
}

/** The sorting district of a pincode: its first three digits (India Post's own grouping). */
export const pincodeDistrict = (pincode: string): string => pincode.slice(0, 3);

/** Every courier together, as the memory's `courier` column spells it. */
export const ALL_COURIERS = '*';

/** The figures for one scope of a pincode's memory rows (both payment modes), one courier or all. */
export function summariseMemoryRows(
  rows: readonly (MemoryCounts & { scope: string; courier: string })[],
  scope: 'pincode' | 'district' | 'state',
  courier: string = ALL_COURIERS,
): MemorySummary {
  return summariseMemory(
    rows.filter((row) => row.scope === scope && row.courier === courier).reduce(addMemory, EMPTY_MEMORY),
  );
}

/** The state a memory row is filed under: its full name ("MH", "Maharashtra " -> "Maharashtra"). */
export function memoryState(state: string, pincode?: string): string {
  const code = findICarryStateCode(state, pincode ? { pincode } : {});
  return code ? ICARRY_STATE_CODES[code] : state.trim();
}
