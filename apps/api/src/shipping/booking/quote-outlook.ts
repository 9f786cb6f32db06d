import type { AppDeps } from '../../platform/core/deps';
import { courierOutlook, readMemoryPolicy } from '../shipments/delivery-memory.service';
import { quoteOrder } from './quote-order';

/**
 * The quote Order Details shows: iCarry's couriers, cheapest first, each with its record to this
 * place from the store's own deliveries and a spoilage warning for perishables, and which courier
 * the "best" policy would book and why.
 */
export async function quoteWithOutlook(deps: AppDeps, orderId: string) {
  const quote = await quoteOrder(deps, orderId);
  const [outlook, policy] = await Promise.all([
    courierOutlook(deps, {
      pincode: quote.pincode,
      estimates: quote.couriers,
      shelfLifeDays: quote.parcel.shelfLifeDays,
    }),
    readMemoryPolicy(deps),
  ]);
  return {
    ...quote,
    /** The store's default: which courier the page picks first. */
    defaultPolicy: policy.defaultCourierPolicy,
    couriers: quote.couriers.map((c) => {
      const record = outlook.records.get(c.courierId);
      return {
        courierId: c.courierId,
        courierName: c.courierName,
        courierGroup: c.courierGroup ?? null,
        totalPaise: c.totalPaise,
        freightPaise: c.freightPaise ?? null,
        codPaise: c.codPaise ?? null,
        record:
          record && record.closed > 0
            ? { closed: record.closed, deliveredRate: record.deliveredRate, p90Days: record.p90Days }
            : null,
        spoilage: record?.spoilage.reason ?? null,
      };
    }),
    best:
      outlook.best && outlook.best.deliveredRate !== null
        ? { courierId: outlook.best.estimate.courierId, reason: outlook.best.reason }
        : null,
  };
}
