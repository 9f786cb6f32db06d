import { router } from '../../trpc/init';
import { trackingGetProcedure } from './get';
import { trackingRespondToNdrProcedure } from './respond-to-ndr';

export const trackingRouter = router({ get: trackingGetProcedure, respondToNdr: trackingRespondToNdrProcedure });
