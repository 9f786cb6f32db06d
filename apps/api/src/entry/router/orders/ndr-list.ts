import { NDR_BUYER_ACTIONS, ORDER_STATUSES } from '@app/shipping';
import { z } from 'zod';
import { listOpenNdrsView } from '../../../customer/ndr/ndr-list.view';
import { adminProcedure } from '../../trpc/init';

export const ndrListProcedure = adminProcedure
  .input(z.object({ limit: z.number().int().min(1).max(200).default(100) }).strict())
  .output(
    z.array(
      z
        .object({
          orderId: z.string(),
          orderNumber: z.string(),
          status: z.enum(ORDER_STATUSES),
          statusLabel: z.string(),
          paymentMethod: z.enum(['prepaid', 'cod']),
          customerName: z.string(),
          city: z.string(),
          awb: z.string().nullable(),
          courierName: z.string().nullable(),
          ndrCode: z.string(),
          reason: z.string(),
          recordedAt: z.date(),
          respondBy: z.date(),
          answerState: z.enum(['answered', 'waiting', 'no_choice', 'expired']),
          timeLeftMs: z.number().int().nullable(),
          answer: z
            .object({
              action: z.enum(NDR_BUYER_ACTIONS),
              summary: z.string(),
              channel: z.enum(['page', 'whatsapp']),
              at: z.date(),
            })
            .strict()
            .nullable(),
        })
        .strict(),
    ),
  )
  .query(({ ctx, input }) => listOpenNdrsView(ctx.deps, input.limit));
