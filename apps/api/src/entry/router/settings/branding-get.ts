import { z } from 'zod';
import { getBrandingSettings } from '../../../platform/branding/branding.service';
import { adminProcedure } from '../../trpc/init';
import { brandingView } from './branding.schema';

export const brandingGetProcedure = adminProcedure
  .input(z.void())
  .output(brandingView)
  .query(({ ctx }) => getBrandingSettings(ctx.deps));
