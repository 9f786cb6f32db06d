import { z } from 'zod';
import { removeEventEndpoint } from '../../../outbox/events/event-endpoints.service';
import { adminProcedure } from '../../trpc/init';
import { endpointIdInput } from './event-endpoints.schema';

export const deleteEventEndpointProcedure = adminProcedure
  .input(endpointIdInput)
  .output(z.object({ id: z.string() }))
  .mutation(({ ctx, input }) => removeEventEndpoint(ctx.deps, input.id));
