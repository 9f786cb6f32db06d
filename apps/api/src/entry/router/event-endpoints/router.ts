import { router } from '../../trpc/init';
import { createEventEndpointProcedure } from './create';
import { deleteEventEndpointProcedure } from './delete';
import { eventDeliveriesProcedure } from './deliveries';
import { listEventEndpointsProcedure } from './list';
import { replayFailedEventDeliveriesProcedure } from './replay-failed';
import { replayEventDeliveryProcedure } from './replay';

export const eventEndpointsRouter = router({
  create: createEventEndpointProcedure,
  list: listEventEndpointsProcedure,
  delete: deleteEventEndpointProcedure,
  deliveries: eventDeliveriesProcedure,
  replay: replayEventDeliveryProcedure,
  replayFailed: replayFailedEventDeliveriesProcedure,
});
