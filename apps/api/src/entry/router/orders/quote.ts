import { z } from 'zod';
import { quoteOrder } from '../../../shipping/booking/quote-order';
import { adminProcedure } from '../../trpc/init';
import { courierOption, orderIdInput, parcelPlan } from './orders.schema';

export const quoteProcedure = adminProcedure
  .input(orderIdInput)
  .output(
    z.object({
      parcel: parcelPlan,
      couriers: z.array(courierOption),
      paymentMethod: z.enum(['prepaid', 'cod']),
      pincode: z.string(),
    }),
  )
  .query(async ({ ctx, input }) => {
    const quote = await quoteOrder(ctx.deps, input.orderId);
    return {
      ...quote,
      couriers: quote.couriers.map((c) => ({
        courierId: c.courierId,
        courierName: c.courierName,
        courierGroup: c.courierGroup ?? null,
        totalPaise: c.totalPaise,
        freightPaise: c.freightPaise ?? null,
        codPaise: c.codPaise ?? null,
      })),
    };
  });
