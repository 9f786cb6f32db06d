import { z } from 'zod';
import { publicProcedure } from '../../trpc/init';
import { adminOutput } from './auth.schema';

/** Public on purpose: the panel asks "am I signed in?" before showing the sign-in form. */
export const meProcedure = publicProcedure
  .input(z.void())
  .output(z.object({ admin: adminOutput.nullable(), mode: z.enum(['live', 'sandbox']) }))
  .query(({ ctx }) => ({ admin: ctx.admin, mode: ctx.config.mode }));
