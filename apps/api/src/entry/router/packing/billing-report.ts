import { SHIPMENT_DIRECTIONS } from '@app/shipping';
import { z } from 'zod';
import { billingReport } from '../../../shipping/billing/billing-sync.job';
import { adminProcedure } from '../../trpc/init';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month like 2026-12');

const totals = {
  shipments: z.number().int(),
  quotedPaise: z.number().int(),
  billedPaise: z.number().int(),
  /** Billed minus quoted, over the shipments that have a quote. */
  differencePaise: z.number().int(),
  flagged: z.number().int(),
};

/** What iCarry charged: quoted vs billed by courier and month, and the bills flagged as different. */
export const billingReportProcedure = adminProcedure
  .input(z.object({ fromMonth: month.optional(), toMonth: month.optional() }).optional())
  .output(
    z.object({
      fromMonth: z.string(),
      toMonth: z.string(),
      months: z.array(
        z.object({ month: z.string(), courierName: z.string(), quotedShipments: z.number().int(), ...totals }),
      ),
      totals: z.object(totals),
      flagged: z.array(
        z.object({
          shipmentId: z.string(),
          orderId: z.string(),
          orderNumber: z.string(),
          direction: z.enum(SHIPMENT_DIRECTIONS),
          awb: z.string().nullable(),
          courierName: z.string().nullable(),
          quotedCostPaise: z.number().int().nullable(),
          billedPaise: z.number().int(),
          differencePaise: z.number().int().nullable(),
          declaredWeightGrams: z.number().int(),
          billedWeightGrams: z.number().int().nullable(),
          /** The courier's weight from a weight-dispute push, when one came. */
          disputedWeightGrams: z.number().nullable(),
          billedOn: z.string().nullable(),
        }),
      ),
      pendingCount: z.number().int(),
      tolerancePaise: z.number().int(),
    }),
  )
  .query(({ ctx, input }) => billingReport(ctx.deps, { fromMonth: input?.fromMonth, toMonth: input?.toMonth }));
