import { respondToNdr } from '../../../customer/ndr/ndr-response.service';
import { publicProcedure } from '../../trpc/init';
import { respondToNdrInput, respondToNdrOutput } from '../../../customer/ndr/respond-to-ndr.schema';

export const trackingRespondToNdrProcedure = publicProcedure
  .input(respondToNdrInput)
  .output(respondToNdrOutput)
  .mutation(({ ctx, input }) => respondToNdr(ctx.deps, { ...input, ip: ctx.ip }));
