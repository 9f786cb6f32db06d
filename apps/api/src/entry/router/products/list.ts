import { z } from 'zod';
import { listCatalogueProducts } from '../../../intake/products/products.service';
import { adminProcedure } from '../../trpc/init';
import { productView } from './products.schema';

/** The Products page: unparseable weights first, with the open orders each one decides. */
export const listProductsProcedure = adminProcedure
  .input(
    z.object({ search: z.string().trim().max(80).optional(), limit: z.number().int().min(1).max(500).default(200) }),
  )
  .output(z.array(productView.extend({ openOrderCount: z.number().int() })))
  .query(({ ctx, input }) => listCatalogueProducts(ctx.deps, input));
