import { BOOKING_STATES, ORDER_STATUSES, SHIPMENT_STATUSES } from '@app/shipping';
import { z } from 'zod';

export const orderIdInput = z.object({ orderId: z.string().regex(/^\d{1,18}$/, 'orderId is the numeric order id') });

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
  mode: z.enum(['surface', 'express']),
  weightGrams: z.number().int(),
  weightFallback: z.boolean(),
  codAmountPaise: z.number().int(),
  quotedCostPaise: z.number().int().nullable(),
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
  direction: z.enum(['forward', 'return']),
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

export const courierOption = z.object({
  courierId: z.string(),
  courierName: z.string(),
  courierGroup: z.string().nullable(),
  totalPaise: z.number().int(),
  freightPaise: z.number().int().nullable(),
  codPaise: z.number().int().nullable(),
});

export const parcelPlan = z.object({
  weightGrams: z.number().int(),
  usedFallback: z.boolean(),
  unparsedItems: z.array(
    z.object({
      sku: z.string().nullable(),
      name: z.string().nullable(),
      weightText: z.string().nullable(),
      reason: z.string(),
    }),
  ),
  lengthCm: z.number(),
  breadthCm: z.number(),
  heightCm: z.number(),
});

export const shipInput = orderIdInput.extend({
  courierId: z.string().trim().min(1).max(40).optional(),
  mode: z.enum(['surface', 'express']).optional(),
});

/** Which of the order's bookings to resolve: the parcel (default) or its return pickup. */
const resolveDirection = z.enum(['forward', 'return']).optional();

export const resolveBookingInput = z.discriminatedUnion('outcome', [
  orderIdInput.extend({
    outcome: z.literal('booked'),
    direction: resolveDirection,
    providerShipmentId: z
      .string()
      .trim()
      .regex(/^\d{1,18}$/, 'The iCarry shipment id is a number (see the iCarry panel)'),
    awb: z.string().trim().min(4).max(40).optional(),
    courierName: z.string().trim().min(2).max(80).optional(),
  }),
  orderIdInput.extend({ outcome: z.literal('not_booked'), direction: resolveDirection }),
]);

export const overrideStatusInput = orderIdInput.extend({
  status: z.enum(ORDER_STATUSES),
  reason: z.string().trim().min(5, 'Write why (at least 5 characters)').max(500),
});

export const addNoteInput = orderIdInput.extend({ body: z.string().trim().min(1, 'Write a note').max(2000) });
