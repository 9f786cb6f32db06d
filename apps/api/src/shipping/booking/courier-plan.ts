import { cheapestReason, namedCourierReason, nextCourierReason, type Estimate } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { chooseCourierByMemory, readMemoryPolicy } from '../shipments/delivery-memory.service';

/** How booking picks a courier when none is named: the cheapest, or the best record within an allowance. */
export type AutoCourierPolicy = 'cheapest' | 'best';

export interface CourierPlan {
  /** The couriers to ask, in order (the next when one refuses the pincode). */
  candidates: Estimate[];
  /** Why each candidate, said the way Order Details shows it. */
  reasons: string[];
}

/** A courier that refuses the pincode at booking is passed over for the next; at most this many are asked. */
const MAX_AUTO_CANDIDATES = 3;

/**
 * Which couriers booking asks, in order, and why: the named courier alone (refused as unavailable
 * when iCarry does not offer it for this parcel), else the policy's pick followed by the next
 * cheapest. The reason is kept with the shipment, so Order Details says why for its whole life.
 */
export async function planCouriers(
  deps: AppDeps,
  input: {
    couriers: readonly Estimate[];
    pincode: string;
    courierId?: string | undefined;
    /** Default: the store's setting (Setup, "Courier choice"). */
    policy?: AutoCourierPolicy | undefined;
    /** Who named courierId: the admin in Order Details (default) or a batch's preferred courier. */
    namedBy?: 'admin' | 'preferred' | undefined;
  },
): Promise<CourierPlan> {
  const byPrice = [...input.couriers].sort((a, b) => a.totalPaise - b.totalPaise);
  if (input.courierId) {
    const chosen = byPrice.find((c) => c.courierId === input.courierId);
    if (!chosen) throw new AppError('COURIER_UNAVAILABLE', { details: { courierId: input.courierId } });
    const best = await chooseCourierByMemory(deps, input.pincode, byPrice);
    return { candidates: [chosen], reasons: [namedCourierReason(chosen, byPrice, best, input.namedBy ?? 'admin')] };
  }
  let first = byPrice[0];
  let firstReason = cheapestReason(byPrice);
  const policy = input.policy ?? (await readMemoryPolicy(deps)).defaultCourierPolicy;
  if (policy === 'best') {
    const best = await chooseCourierByMemory(deps, input.pincode, byPrice);
    if (best) {
      first = best.estimate;
      firstReason = best.reason;
    }
  }
  if (!first) return { candidates: [], reasons: [] };
  const picked = first;
  const candidates = [picked, ...byPrice.filter((c) => c.courierId !== picked.courierId)].slice(0, MAX_AUTO_CANDIDATES);
  const reasons = candidates.map((c, i) => {
    const before = candidates[i - 1];
    return i === 0 || !before ? firstReason : nextCourierReason(before, c);
  });
  return { candidates, reasons };
}
