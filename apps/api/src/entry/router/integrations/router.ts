import { router } from '../../trpc/init';
import { integrationsOverviewProcedure } from './overview';

export const integrationsRouter = router({ overview: integrationsOverviewProcedure });
