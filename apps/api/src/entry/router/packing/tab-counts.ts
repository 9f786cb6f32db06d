import { countOrdersByFilter } from '@app/db';
import { z } from 'zod';
import { adminProcedure } from '../../trpc/init';

/** Badges for the Stuck, Billing, Returns and RTO tabs (orders.list({ filter }) lists them). */
export const tabCountsProcedure = adminProcedure
  .output(
    z.object({
      stuck: z.number().int(),
      billing: z.number().int(),
      returns: z.number().int(),
      rto: z.number().int(),
    }),
  )
  .query(({ ctx }) => countOrdersByFilter(ctx.deps.db));
