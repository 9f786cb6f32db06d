import { ORDER_LIMITS, safeText } from '@app/shipping';
import { z } from 'zod';
import { updateCatalogueProduct } from '../../../intake/products/products.service';
import { adminProcedure } from '../../trpc/init';
import { productView, savedWeightText } from './products.schema';

export const updateProductProcedure = adminProcedure
  .input(
    z.object({
      id: z.string().regex(/^\d{1,18}$/, 'id is the numeric product id'),
      name: safeText().trim().min(1).max(255).optional(),
      weightText: savedWeightText.optional(),
      pricePaise: z.number().int().min(0).max(ORDER_LIMITS.maxAmountPaise).optional(),
      /** Days the product keeps (1 to 3650); null clears it. */
      shelfLifeDays: z
        .number()
        .int('Shelf life is whole days')
        .min(1, 'Shelf life is at least 1 day')
        .max(3650, 'Shelf life is at most 3650 days (10 years)')
        .nullable()
        .optional(),
    }),
  )
  .output(productView)
  .mutation(({ ctx, input }) => updateCatalogueProduct(ctx.deps, input));
