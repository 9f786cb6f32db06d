import { router } from '../../trpc/init';
import { trackingGetProcedure } from './get';

export const trackingRouter = router({ get: trackingGetProcedure });
