import { z } from 'zod';
import { listOrderMessages } from '../../../shipping/orders/order-detail.view';
import { adminProcedure } from '../../trpc/init';
import { orderIdInput } from './orders.schema';

export const messagesProcedure = adminProcedure
  .input(orderIdInput)
  .output(
    z.array(
      z.object({
        id: z.string(),
        channel: z.enum(['email', 'whatsapp']),
        audience: z.enum(['customer', 'admin']),
        template: z.string(),
        recipient: z.string(),
        subject: z.string().nullable(),
        status: z.enum(['pending', 'sending', 'sent', 'failed', 'logged']),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
        createdAt: z.date(),
        sentAt: z.date().nullable(),
        delivery: z
          .object({
            status: z.enum(['sent', 'delivered', 'read', 'failed']),
            at: z.date().nullable(),
            errorCode: z.number().int().nullable(),
            error: z.string().nullable(),
          })
          .nullable(),
      }),
    ),
  )
  .query(({ ctx, input }) => listOrderMessages(ctx.deps, input.orderId));
