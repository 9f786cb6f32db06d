import { updateBranding } from '../../../platform/branding/branding.service';
import { adminProcedure } from '../../trpc/init';
import { brandingInput, brandingView } from './branding.schema';

export const brandingUpdateProcedure = adminProcedure
  .input(brandingInput)
  .output(brandingView)
  .mutation(({ ctx, input }) => updateBranding(ctx.deps, ctx.admin.id, input));
