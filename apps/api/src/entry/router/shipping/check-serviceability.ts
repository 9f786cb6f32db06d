import { z } from 'zod';
import { checkServiceability } from '../../../shipping/booking/quote-order';
import { adminProcedure } from '../../trpc/init';

export const checkServiceabilityProcedure = adminProcedure
  .input(
    z.object({
      pincode: z
        .string()
        .trim()
        .regex(/^[1-9]\d{5}$/, 'A pincode is 6 digits and does not start with 0'),
      cod: z.boolean().default(false),
    }),
  )
  .output(
    z.object({
      pincode: z.string(),
      serviceable: z.boolean(),
      prepaid: z.boolean(),
      cod: z.boolean(),
      codRequested: z.boolean(),
      ok: z.boolean(),
    }),
  )
  .query(({ ctx, input }) => checkServiceability(ctx.deps, input));
