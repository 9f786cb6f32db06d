import { BOOKING_STATES, SHIPMENT_DIRECTIONS, SHIPMENT_MODES, SHIPMENT_STATUSES } from '@app/shipping';
import { z } from 'zod';

/** The admin's view of one shipment (toShipmentView fills it): what the procedures answer and the web renders. */
export const shipmentView = z.object({
  id: z.string(),
  bookingState: z.enum(BOOKING_STATES),
  status: z.enum(SHIPMENT_STATUSES).nullable(),
  awb: z.string().nullable(),
  courierName: z.string().nullable(),
  courierId: z.string().nullable(),
  providerShipmentId: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  clientRef: z.string(),
  mode: z.enum(SHIPMENT_MODES),
  weightGrams: z.number().int(),
  weightFallback: z.boolean(),
  codAmountPaise: z.number().int(),
  quotedCostPaise: z.number().int().nullable(),
  /** Why this courier was booked (policy and figures); null for bookings from before it was kept. */
  courierChoice: z.string().nullable(),
  failureReason: z.string().nullable(),
  needsReview: z.boolean(),
  reviewReason: z.string().nullable(),
  weightDiscrepancy: z
    .object({
      oldWeightGrams: z.number().nullable(),
      newWeightGrams: z.number().nullable(),
      oldDimensions: z.string().nullable(),
      newDimensions: z.string().nullable(),
      reportedAt: z.string(),
    })
    .nullable(),
  bookedAt: z.date().nullable(),
  lastEventAt: z.date().nullable(),
  createdAt: z.date(),
  /** `return`: a return pickup (iCarry reverse shipment) of a delivered order. */
  direction: z.enum(SHIPMENT_DIRECTIONS),
  returnReason: z.string().nullable(),
  refundNote: z.string().nullable(),
  /** When a label was last printed for it (GET /api/labels.pdf). */
  labelPrintedAt: z.date().nullable(),
  canPrintLabel: z.boolean(),
  /** Set by the stuck-shipment watchdog: which stage it is stuck in, and since when (no carrier movement). */
  stuckStage: z.enum(['awaiting_pickup', 'in_transit', 'ndr']).nullable(),
  stuckSince: z.date().nullable(),
  /** What iCarry billed (billing sync), beside quotedCostPaise; null until billed. */
  billedPaise: z.number().int().nullable(),
  billedWeightGrams: z.number().int().nullable(),
  billedOn: z.string().nullable(),
  billingFlagged: z.boolean(),
  /** Decided on the server: the web shows the action when true. */
  canCancel: z.boolean(),
  canResolve: z.boolean(),
  bookingStale: z.boolean(),
});

export type ShipmentView = z.infer<typeof shipmentView>;
