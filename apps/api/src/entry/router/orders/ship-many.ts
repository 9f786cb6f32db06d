import { shipMany } from '../../../shipping/bulk/ship-many';
import { adminProcedure } from '../../trpc/init';
import { shipManyInput } from './ship-many.schema';
import { z } from 'zod';

/** Bulk ship: starts a batch booked by a queue job; poll orders.batch for progress. */
export const shipManyProcedure = adminProcedure
  .input(shipManyInput)
  .output(z.object({ batchId: z.string() }))
  .mutation(({ ctx, input }) => {
    const { courierPolicy, mode, confirmOverride, ...selection } = input;
    return shipMany(ctx.deps, { selection, courierPolicy, mode, confirmOverride, adminId: ctx.admin.id });
  });
