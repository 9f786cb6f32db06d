import { z } from 'zod';
import { clearAttention } from '../../../shipping/orders/order-admin.service';
import { adminProcedure } from '../../trpc/init';
import { orderIdInput } from './orders.schema';

export const clearAttentionProcedure = adminProcedure
  .input(orderIdInput)
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await clearAttention(ctx.deps, input);
    return { ok: true as const };
  });
