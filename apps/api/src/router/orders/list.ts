import { countOrdersByStatus, InvalidCursorError, listOrders } from '@app/db';
import { ORDER_STATUSES } from '@app/shipping';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { adminProcedure } from '../../trpc/init';

const listRow = z.object({
  id: z.string(),
  orderNumber: z.string(),
  placedAt: z.date(),
  customerName: z.string(),
  city: z.string(),
  state: z.string(),
  pincode: z.string(),
  paymentMethod: z.enum(['prepaid', 'cod']),
  totalPaise: z.number().int(),
  status: z.enum(ORDER_STATUSES),
  needsAttention: z.boolean(),
  awb: z.string().nullable(),
  courierName: z.string().nullable(),
});

export const listProcedure = adminProcedure
  .input(
    z.object({
      status: z.enum(ORDER_STATUSES).optional(),
      search: z.string().trim().max(80).optional(),
      limit: z.number().int().min(1).max(100).default(25),
      cursor: z.string().max(200).nullish(),
    }),
  )
  .output(
    z.object({
      items: z.array(listRow),
      nextCursor: z.string().nullable(),
      counts: z.record(z.enum(ORDER_STATUSES), z.number().int()),
    }),
  )
  .query(async ({ ctx, input }) => {
    try {
      const [page, counts] = await Promise.all([
        listOrders(ctx.db, { ...input, search: input.search || undefined }),
        countOrdersByStatus(ctx.db),
      ]);
      return { ...page, counts };
    } catch (err) {
      if (err instanceof InvalidCursorError)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: 'That page link is no longer valid; start from the first page.',
          cause: err,
        });
      throw err;
    }
  });
