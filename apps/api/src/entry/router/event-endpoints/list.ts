import { z } from 'zod';
import { listEventEndpointViews } from '../../../outbox/events/event-endpoints.service';
import { adminProcedure } from '../../trpc/init';
import { endpointView } from './event-endpoints.schema';

export const listEventEndpointsProcedure = adminProcedure
  .input(z.void())
  .output(z.array(endpointView))
  .query(({ ctx }) => listEventEndpointViews(ctx.deps));
