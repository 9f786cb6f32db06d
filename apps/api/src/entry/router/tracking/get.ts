import { getTracking } from '../../../customer/tracking/tracking.service';
import { publicProcedure } from '../../trpc/init';
import { trackingGetInput, trackingGetOutput } from '../../../customer/tracking/tracking.schema';

export const trackingGetProcedure = publicProcedure
  .input(trackingGetInput)
  .output(trackingGetOutput)
  .query(({ ctx, input: { lang, ...input } }) => getTracking(ctx.deps, { ...input, ip: ctx.ip }, { language: lang }));
