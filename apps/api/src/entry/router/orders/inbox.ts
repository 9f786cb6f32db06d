import { z } from 'zod';
import { listInbox, reapplyInbox } from '../../../shipping/inbox/inbox-admin.service';
import { adminProcedure } from '../../trpc/init';

const inboxEntry = z.object({
  id: z.string(),
  kind: z.enum(['status', 'ndr', 'weight', 'unknown']),
  receivedAt: z.date(),
  contentType: z.string().nullable(),
  rawBody: z.string(),
  outcome: z.enum(['pending', 'applied', 'duplicate', 'stale', 'deferred', 'rejected', 'failed', 'review']),
  outcomeDetail: z.string().nullable(),
  attempts: z.number().int(),
  processedAt: z.date().nullable(),
  awb: z.string().nullable(),
  providerShipmentId: z.string().nullable(),
  orderId: z.string().nullable(),
});

export const inboxProcedure = adminProcedure
  .input(
    z.object({
      orderId: z
        .string()
        .regex(/^\d{1,18}$/)
        .optional(),
      outcome: inboxEntry.shape.outcome.optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
  )
  .output(z.array(inboxEntry))
  .query(({ ctx, input }) => listInbox(ctx.deps, input));

export const reapplyInboxProcedure = adminProcedure
  .input(z.object({ inboxId: z.string().regex(/^\d{1,18}$/) }))
  .output(z.object({ outcome: inboxEntry.shape.outcome }))
  .mutation(({ ctx, input }) => reapplyInbox(ctx.deps, input));
