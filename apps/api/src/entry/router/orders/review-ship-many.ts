import { reviewShipMany } from '../../../shipping/bulk/review-ship-many';
import { adminProcedure } from '../../trpc/init';
import { reviewShipManyInput, reviewShipManyOutput } from './ship-many.schema';

/** The review before a bulk ship: counts, cash to collect, weight fallbacks, unserviceable pincodes, couriers. */
export const reviewShipManyProcedure = adminProcedure
  .input(reviewShipManyInput)
  .output(reviewShipManyOutput)
  .query(({ ctx, input }) => {
    const { courierPolicy, mode, confirmOverride, ...selection } = input;
    return reviewShipMany(ctx.deps, { selection, courierPolicy, mode, confirmOverride });
  });
