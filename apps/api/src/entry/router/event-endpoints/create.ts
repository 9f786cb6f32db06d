import { z } from 'zod';
import { createEventEndpoint } from '../../../outbox/events/event-endpoints.service';
import { adminProcedure } from '../../trpc/init';
import { createEndpointInput } from './event-endpoints.schema';

/** The signing secret (whsec_...) is in this answer only. */
export const createEventEndpointProcedure = adminProcedure
  .input(createEndpointInput)
  .output(z.object({ id: z.string(), secret: z.string() }))
  .mutation(({ ctx, input }) => createEventEndpoint(ctx.deps, input));
