import { router } from '../../trpc/init';
import { overviewProcedure } from './overview';

/** Read-only figures from the store's own deliveries. */
export const insightsRouter = router({
  overview: overviewProcedure,
});
