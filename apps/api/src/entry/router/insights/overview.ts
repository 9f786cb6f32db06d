import { insightsOverview } from '../../../shipping/insights/insights.service';
import { adminProcedure } from '../../trpc/init';
import { insightsOverviewOutput } from './insights.schema';

/** The Insights page: RTO and NDR by week, state, payment mode and courier, money lost to RTO, worst pincodes. */
export const overviewProcedure = adminProcedure
  .output(insightsOverviewOutput)
  .query(({ ctx }) => insightsOverview(ctx.deps));
