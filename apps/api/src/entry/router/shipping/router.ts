import { router } from '../../trpc/init';
import { checkServiceabilityProcedure } from './check-serviceability';

export const shippingRouter = router({ checkServiceability: checkServiceabilityProcedure });
