import { z } from 'zod';
import { quoteWithOutlook } from '../../../shipping/booking/quote-outlook';
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
      /** The courier the "best" policy books (best delivery record within the store's allowance), and why. */
      best: z.object({ courierId: z.string(), reason: z.string() }).nullable(),
      /** The store's default courier policy: the page picks the best first when it is 'best'. */
      defaultPolicy: z.enum(['cheapest', 'best']),
    }),
  )
  .query(({ ctx, input }) => quoteWithOutlook(ctx.deps, input.orderId));
