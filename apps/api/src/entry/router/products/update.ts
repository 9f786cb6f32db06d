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
    }),
  )
  .output(productView)
  .mutation(({ ctx, input }) => updateCatalogueProduct(ctx.deps, input));
