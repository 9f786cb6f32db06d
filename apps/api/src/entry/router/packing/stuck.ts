import { SHIPMENT_STATUSES, SHIPMENT_DIRECTIONS } from '@app/shipping';
import { z } from 'zod';
import { adminProcedure } from '../../trpc/init';
import { listStuck } from '../../../shipping/watchdog/stuck-watchdog.job';

/** The Stuck tab: shipments the watchdog found without carrier movement past their stage's limit. */
export const stuckProcedure = adminProcedure
  .input(z.object({ limit: z.number().int().min(1).max(500).default(200) }).optional())
  .output(
    z.object({
      items: z.array(
        z.object({
          shipmentId: z.string(),
          orderId: z.string(),
          orderNumber: z.string(),
          direction: z.enum(SHIPMENT_DIRECTIONS),
          awb: z.string().nullable(),
          courierName: z.string().nullable(),
          status: z.enum(SHIPMENT_STATUSES).nullable(),
          stage: z.enum(['awaiting_pickup', 'in_transit', 'ndr']),
          stageLabel: z.string(),
          /** The last movement (for an NDR: when it was reported). */
          since: z.date(),
          hoursWithoutMovement: z.number().int(),
          reason: z.string(),
        }),
      ),
      /** The configured limits in hours (STUCK_* variables) and the digest's IST hour. */
      limits: z.object({
        awaitingPickupHours: z.number().int(),
        inTransitHours: z.number().int(),
        ndrHours: z.number().int(),
        digestHourIst: z.number().int(),
      }),
    }),
  )
  .query(({ ctx, input }) => listStuck(ctx.deps, { limit: input?.limit ?? 200 }));
