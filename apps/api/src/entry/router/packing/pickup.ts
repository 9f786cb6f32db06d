import { SHIPMENT_STATUSES } from '@app/shipping';
import { z } from 'zod';
import { pickupView } from '../../../shipping/packing/pickup.service';
import { adminProcedure } from '../../trpc/init';

const courierTotals = z.object({
  courierName: z.string(),
  count: z.number().int(),
  weightGrams: z.number().int(),
  codCount: z.number().int(),
  codPaise: z.number().int(),
});

/** "Today's pickup": what GET /api/manifest.pdf prints for the day, with each parcel's label state. */
export const pickupProcedure = adminProcedure
  .input(z.object({ date: z.iso.date({ error: 'date is a day like 2026-12-01' }).optional() }).optional())
  .output(
    z.object({
      date: z.string(),
      shipments: z.array(
        z.object({
          shipmentId: z.string(),
          orderId: z.string(),
          orderNumber: z.string(),
          awb: z.string(),
          courierName: z.string(),
          status: z.enum(SHIPMENT_STATUSES),
          weightGrams: z.number().int(),
          paymentMethod: z.enum(['cod', 'prepaid']),
          codAmountPaise: z.number().int(),
          consigneeCity: z.string(),
          consigneePincode: z.string(),
          bookedAt: z.date().nullable(),
          labelPrintedAt: z.date().nullable(),
          labelPrinted: z.boolean(),
        }),
      ),
      summary: courierTotals.omit({ courierName: true }).extend({
        /** Parcels on the sheet whose label was never printed. */
        unprinted: z.number().int(),
        couriers: z.array(courierTotals),
      }),
    }),
  )
  .query(({ ctx, input }) => pickupView(ctx.deps, { date: input?.date }));
