import { ORDER_STATUSES } from '@app/shipping';
import { z } from 'zod';
import { overrideStatus } from '../../../shipping/orders/order-admin.service';
import { adminProcedure } from '../../trpc/init';
import { overrideStatusInput } from './orders.schema';

export const overrideStatusProcedure = adminProcedure
  .input(overrideStatusInput)
  .output(z.object({ status: z.enum(ORDER_STATUSES) }))
  .mutation(({ ctx, input }) => overrideStatus(ctx.deps, { ...input, adminId: ctx.admin.id }));
