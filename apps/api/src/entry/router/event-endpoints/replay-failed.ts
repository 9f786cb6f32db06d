import { z } from 'zod';
import { replayDeliveries } from '../../../outbox/events/event-endpoints.service';
import { adminProcedure } from '../../trpc/init';
import { replayFailedInput } from './event-endpoints.schema';

export const replayFailedEventDeliveriesProcedure = adminProcedure
  .input(replayFailedInput)
  .output(z.object({ replayed: z.number() }))
  .mutation(({ ctx, input }) => replayDeliveries(ctx.deps, { endpointId: input.endpointId }));
