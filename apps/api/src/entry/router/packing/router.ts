import { router } from '../../trpc/init';
import { billingReportProcedure } from './billing-report';
import { labelSelectionProcedure } from './label-selection';
import { pickupProcedure } from './pickup';
import { stuckProcedure } from './stuck';
import { tabCountsProcedure } from './tab-counts';

/**
 * The packing table's views beside the orders list: today's pickup, tab badges, stuck parcels,
 * billing, and which orders of a selection have a label to print.
 */
export const packingRouter = router({
  pickup: pickupProcedure,
  tabCounts: tabCountsProcedure,
  stuck: stuckProcedure,
  billingReport: billingReportProcedure,
  labelSelection: labelSelectionProcedure,
});
