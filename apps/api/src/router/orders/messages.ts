import { z } from 'zod';
import { listMessages } from '../../services/order.service';
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
        last_error: z.string().nullable(),
        created_at: z.date(),
        sent_at: z.date().nullable(),
      }),
    ),
  )
  .query(({ ctx, input }) => listMessages(ctx.deps, input));
