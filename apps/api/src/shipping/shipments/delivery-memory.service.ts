import { catchUpDeliveryMemory, findSetting, readCodMemory, readCourierMemory, saveSetting } from '@app/db';
import {
  addMemory,
  chooseBestCourier,
  codRisk,
  DEFAULT_BEST_POLICY,
  DEFAULT_RTO_RISK_THRESHOLD,
  EMPTY_MEMORY,
  MIN_COURIER_HISTORY,
  pincodeDistrict,
  spoilageCheck,
  summariseMemory,
  type BestPolicy,
  type SpoilageCheck,
  type CodRisk,
  type CourierChoice,
  type Estimate,
  type MemoryCounts,
} from '@app/shipping';
import { z } from 'zod';
import type { AppDeps } from '../../platform/core/deps';

/**
 * Counts every closed shipment the delivery memory has not seen yet: the demo's history after
 * seeding, shipments closed before the memory existed, and any closed by a path other than a
 * carrier status (each shipment once; the live path counts as each push closes a parcel).
 */
export async function catchUpMemory(deps: AppDeps, options: { shouldStop?: () => boolean } = {}): Promise<number> {
  const counted = await catchUpDeliveryMemory(deps.db, deps.clock.now(), 2_000, options);
  if (counted > 0) deps.logger.info({ counted }, 'delivery memory caught up with closed shipments');
  return counted;
}

const MEMORY_SETTINGS_KEY = 'delivery_memory_policy';

/** The store's choices about its history: the "best" courier allowance and the risky-COD limit. */
export const memoryPolicySchema = z.object({
  bestWithinRupees: z.number().int().min(0).max(1_000),
  bestWithinPercent: z.number().int().min(0).max(100),
  /** Percent of COD parcels returned above which a place is risky. */
  rtoRiskPercent: z.number().int().min(1).max(100),
  /** What Order Details picks first and the bulk review starts with; booking without a courier named uses it too. */
  defaultCourierPolicy: z.enum(['cheapest', 'best']).default('cheapest'),
});
export type MemoryPolicy = z.infer<typeof memoryPolicySchema>;

export const DEFAULT_MEMORY_POLICY: MemoryPolicy = {
  bestWithinRupees: DEFAULT_BEST_POLICY.withinPaise / 100,
  bestWithinPercent: DEFAULT_BEST_POLICY.withinPercent,
  rtoRiskPercent: Math.round(DEFAULT_RTO_RISK_THRESHOLD * 100),
  defaultCourierPolicy: 'cheapest',
};

export async function readMemoryPolicy(deps: Pick<AppDeps, 'db'>): Promise<MemoryPolicy> {
  const stored = await findSetting(deps.db, MEMORY_SETTINGS_KEY);
  if (!stored) return DEFAULT_MEMORY_POLICY;
  const parsed = memoryPolicySchema.safeParse(JSON.parse(stored));
  return parsed.success ? parsed.data : DEFAULT_MEMORY_POLICY;
}

export async function saveMemoryPolicy(deps: Pick<AppDeps, 'db'>, input: MemoryPolicy): Promise<MemoryPolicy> {
  const value = memoryPolicySchema.parse(input);
  await saveSetting(deps.db, MEMORY_SETTINGS_KEY, JSON.stringify(value));
  return value;
}

const bestPolicyOf = (policy: MemoryPolicy): BestPolicy => ({
  withinPaise: policy.bestWithinRupees * 100,
  withinPercent: policy.bestWithinPercent,
});

/**
 * Each offered courier's closed parcels to this place: to the pincode when it has enough there,
 * else to the district. One read.
 */
export async function readCourierHistory(
  deps: Pick<AppDeps, 'db'>,
  pincode: string,
  courierIds: readonly string[],
): Promise<Map<string, MemoryCounts>> {
  const rows = await readCourierMemory(deps.db, pincode);
  const sum = (scope: string, courier: string): MemoryCounts =>
    rows.filter((r) => r.scope === scope && r.courier === courier).reduce(addMemory, EMPTY_MEMORY);
  const history = new Map<string, MemoryCounts>();
  for (const courierId of courierIds) {
    const here = sum('pincode', courierId);
    history.set(courierId, here.closed >= MIN_COURIER_HISTORY ? here : sum('district', courierId));
  }
  return history;
}

/** The "best" courier policy for one parcel, from each courier's history (see readCourierHistory). */
export async function chooseCourierByMemory(
  deps: AppDeps,
  pincode: string,
  estimates: readonly Estimate[],
  policy?: MemoryPolicy,
): Promise<CourierChoice | null> {
  const [history, current] = await Promise.all([
    readCourierHistory(
      deps,
      pincode,
      estimates.map((e) => e.courierId),
    ),
    policy ? Promise.resolve(policy) : readMemoryPolicy(deps),
  ]);
  return chooseBestCourier(estimates, history, bestPolicyOf(current));
}

/** What the history says about each offered courier to this place, for Order Details' picker. */
export interface CourierRecord {
  courierId: string;
  closed: number;
  deliveredRate: number | null;
  p90Days: number | null;
}

/**
 * The parcel's outlook with the couriers offered: the "best" pick, each courier's record, and the
 * spoilage warning for each (when the parcel holds a perishable product).
 */
export async function courierOutlook(
  deps: AppDeps,
  input: { pincode: string; estimates: readonly Estimate[]; shelfLifeDays: number | null },
): Promise<{
  best: CourierChoice | null;
  records: Map<string, CourierRecord & { spoilage: SpoilageCheck }>;
}> {
  const [history, policy] = await Promise.all([
    readCourierHistory(
      deps,
      input.pincode,
      input.estimates.map((e) => e.courierId),
    ),
    readMemoryPolicy(deps),
  ]);
  const records = new Map<string, CourierRecord & { spoilage: SpoilageCheck }>();
  for (const estimate of input.estimates) {
    const counts = history.get(estimate.courierId) ?? EMPTY_MEMORY;
    const summary = counts.closed >= MIN_COURIER_HISTORY ? summariseMemory(counts) : null;
    const p90Days = summary?.p90Days ?? null;
    records.set(estimate.courierId, {
      courierId: estimate.courierId,
      closed: counts.closed,
      deliveredRate: summary?.deliveredRate ?? null,
      p90Days,
      spoilage: spoilageCheck(input.shelfLifeDays, p90Days),
    });
  }
  return { best: chooseBestCourier(input.estimates, history, bestPolicyOf(policy)), records };
}

/** The risk flag of each COD order (prepaid orders are never risky): one read for all of them. */
export async function codRisks(
  deps: AppDeps,
  orders: readonly { id: string; pincode: string; paymentMethod: 'cod' | 'prepaid' }[],
  policy?: MemoryPolicy,
): Promise<Map<string, CodRisk>> {
  const cod = orders.filter((o) => o.paymentMethod === 'cod');
  const [rows, current] = await Promise.all([
    readCodMemory(
      deps.db,
      cod.map((o) => o.pincode),
    ),
    policy ? Promise.resolve(policy) : readMemoryPolicy(deps),
  ]);
  const find = (scope: string, place: string): MemoryCounts =>
    rows.filter((r) => r.scope === scope && r.place === place).reduce(addMemory, EMPTY_MEMORY);
  const threshold = current.rtoRiskPercent / 100;
  return new Map(
    cod.map((o) => [
      o.id,
      codRisk(
        [
          { scope: 'pincode', counts: find('pincode', o.pincode) },
          { scope: 'district', counts: find('district', pincodeDistrict(o.pincode)) },
        ],
        threshold,
      ),
    ]),
  );
}
