import { ORDER_STATUSES, safeText, SHIPMENT_DIRECTIONS, SHIPMENT_MODES } from '@app/shipping';
import { z } from 'zod';

export const orderIdInput = z.object({ orderId: z.string().regex(/^\d{1,18}$/, 'orderId is the numeric order id') });

export const courierOption = z.object({
  courierId: z.string(),
  courierName: z.string(),
  courierGroup: z.string().nullable(),
  totalPaise: z.number().int(),
  freightPaise: z.number().int().nullable(),
  codPaise: z.number().int().nullable(),
  /** The store's own closed parcels with this courier to this place (pincode, else district). */
  record: z
    .object({ closed: z.number().int(), deliveredRate: z.number().nullable(), p90Days: z.number().int().nullable() })
    .nullable(),
  /** Why a perishable parcel may spoil with this courier; null when it keeps. */
  spoilage: z.string().nullable(),
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
  /** 'order': the box the order's source declared; 'store': the store's default box. */
  boxSource: z.enum(['order', 'store']),
  /** What booking does with an unreadable weight (UNREADABLE_WEIGHT_RULE), for the page to say. */
  weightRule: z.string(),
  /** The shortest shelf life of its products (days); null when none is perishable. */
  shelfLifeDays: z.number().int().nullable(),
});

export const shipInput = orderIdInput.extend({
  courierId: z.string().trim().min(1).max(40).optional(),
  /** Without courierId: the cheapest (default) or the best delivery record within the store's allowance. */
  courierPolicy: z.enum(['cheapest', 'best']).optional(),
  mode: z.enum(SHIPMENT_MODES).optional(),
  /** Ship a COD order its customer has not confirmed (pending, declined, expired); recorded with the admin. */
  confirmOverride: z.boolean().optional(),
});

/** Which of the order's bookings to resolve: the parcel (default) or its return pickup. */
const resolveDirection = z.enum(SHIPMENT_DIRECTIONS).optional();

export const resolveBookingInput = z.discriminatedUnion('outcome', [
  orderIdInput.extend({
    outcome: z.literal('booked'),
    direction: resolveDirection,
    providerShipmentId: z
      .string()
      .trim()
      .regex(/^\d{1,18}$/, 'The iCarry shipment id is a number (see the iCarry panel)'),
    awb: safeText().trim().min(4).max(40).optional(),
    courierName: safeText().trim().min(2).max(80).optional(),
  }),
  orderIdInput.extend({ outcome: z.literal('not_booked'), direction: resolveDirection }),
]);

export const overrideStatusInput = orderIdInput.extend({
  status: z.enum(ORDER_STATUSES),
  reason: safeText('multiline').trim().min(5, 'Write why (at least 5 characters)').max(500),
});

export const addNoteInput = orderIdInput.extend({
  body: safeText('multiline').trim().min(1, 'Write a note').max(2000),
});

/** The address check as the admin sees it (contract: DESIGN "Address check"); null = not checked yet. */
export const addressCheckView = z
  .object({
    state: z.enum(['ok', 'warning', 'error']),
    problems: z.array(z.object({ code: z.string(), message: z.string() })),
  })
  .nullable();
