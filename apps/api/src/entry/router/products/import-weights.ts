import { z } from 'zod';
import { importProductWeights } from '../../../intake/products/products.service';
import { adminProcedure } from '../../trpc/init';

/** Bulk weights from a pasted or uploaded "sku,weight" CSV; nothing changes when any line is bad. */
export const importWeightsProcedure = adminProcedure
  .input(z.object({ csv: z.string().min(1, 'The file is empty').max(1_000_000, 'At most 1 MB') }))
  .output(
    z.object({
      updated: z.number().int(),
      unknownSkus: z.array(z.string()),
      errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
    }),
  )
  .mutation(({ ctx, input }) => importProductWeights(ctx.deps, input.csv));
