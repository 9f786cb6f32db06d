import { z } from 'zod';
import { listEndpointDeliveries } from '../../../outbox/events/event-endpoints.service';
import { adminProcedure } from '../../trpc/init';
import { deliveriesInput, deliveryView } from './event-endpoints.schema';

export const eventDeliveriesProcedure = adminProcedure
  .input(deliveriesInput)
  .output(z.array(deliveryView))
  .query(({ ctx, input }) => listEndpointDeliveries(ctx.deps, input));
