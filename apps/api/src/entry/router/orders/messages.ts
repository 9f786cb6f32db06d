import { z } from 'zod';
import { listOrderMessages } from '../../../outbox/notifications/order-messages.view';
import { adminProcedure } from '../../trpc/init';
import { orderMessageView } from './messages.schema';
import { orderIdInput } from './orders.schema';

export const messagesProcedure = adminProcedure
  .input(orderIdInput)
  .output(z.array(orderMessageView))
  .query(({ ctx, input }) => listOrderMessages(ctx.deps, input.orderId));
