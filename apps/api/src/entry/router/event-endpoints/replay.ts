import { z } from 'zod';
import { replayDeliveries } from '../../../outbox/events/event-endpoints.service';
import { adminProcedure } from '../../trpc/init';
import { replayInput } from './event-endpoints.schema';

export const replayEventDeliveryProcedure = adminProcedure
  .input(replayInput)
  .output(z.object({ replayed: z.number() }))
  .mutation(({ ctx, input }) => replayDeliveries(ctx.deps, { deliveryId: input.deliveryId }));
