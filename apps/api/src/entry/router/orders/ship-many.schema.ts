import { ORDER_STATUSES, SHIPMENT_MODES } from '@app/shipping';
import { z } from 'zod';

const orderId = z.string().regex(/^\d{1,18}$/, 'orderId is the numeric order id');

/**
 * Cheapest per order; the best delivery record within the store's allowance of the cheapest (from
 * its own deliveries); or a preferred courier (the cheapest where it is not offered).
 */
export const courierPolicy = z.union([
  z.literal('cheapest'),
  z.literal('best'),
  z.object({ courierId: z.string().trim().min(1).max(40) }),
]);

/** DESIGN's `orders.shipMany({ orderIds })`: without a policy, each order goes with its cheapest courier. */
const options = { courierPolicy: courierPolicy.default('cheapest'), mode: z.enum(SHIPMENT_MODES).optional() };

/** A selection alone (no shipping options): the ticked orders, or all matching the list's status and search. */
export const orderSelectionInput = z.union([
  z.object({ orderIds: z.array(orderId).min(1, 'select at least one order').max(1000) }),
  z.object({ status: z.enum(ORDER_STATUSES), search: z.string().trim().max(80).optional() }),
]);

/** Bulk ship only: also book the COD orders their customer has not confirmed (recorded with the admin, as orders.ship). */
const override = { confirmOverride: z.boolean().optional() };

/** The orders ticked in the list, or "all N matching" the list's status and search. */
export const shipManyInput = z.union([
  z.object({ orderIds: z.array(orderId).min(1, 'select at least one order').max(1000), ...options, ...override }),
  z.object({ status: z.enum(ORDER_STATUSES), search: z.string().trim().max(80).optional(), ...options, ...override }),
]);

export const reviewShipManyInput = z.union([
  z.object({
    orderIds: z.array(orderId).min(1, 'select at least one order').max(1000),
    ...options,
    ...override,
    courierPolicy: courierPolicy.optional(),
  }),
  z.object({
    status: z.enum(ORDER_STATUSES),
    search: z.string().trim().max(80).optional(),
    ...options,
    ...override,
    courierPolicy: courierPolicy.optional(),
  }),
]);

const orderRef = { orderId: z.string(), orderNumber: z.string() };

export const reviewShipManyOutput = z.object({
  /** Selected: readyCount + willFail.length + notShippable.length + unconfirmedCod.length. */
  count: z.number().int(),
  /** The batch will try these (in Processing, not booked): ready + will fail. */
  shippableCount: z.number().int(),
  /** Expected to book. */
  readyCount: z.number().int(),
  /** The batch tries them and booking refuses them: booking's own reason (address, COD, pincode). */
  willFail: z.array(z.object({ ...orderRef, reason: z.string() })),
  /** Skipped by the batch (not in Processing, already booked), with why. */
  notShippable: z.array(z.object({ ...orderRef, reason: z.string() })),
  /** COD orders the customer has not confirmed (pending, declined, expired): bulk ship skips them, with the reason. */
  unconfirmedCod: z.array(
    z.object({
      ...orderRef,
      state: z.enum(['pending', 'declined', 'expired', 'not_needed', 'confirmed']),
      reason: z.string(),
    }),
  ),
  /** With confirmOverride: the unconfirmed COD orders the batch books anyway (in ready or willFail, not skipped). */
  overriddenCod: z.array(
    z.object({
      ...orderRef,
      state: z.enum(['pending', 'declined', 'expired', 'not_needed', 'confirmed']),
      reason: z.string(),
    }),
  ),
  /** Of the ready orders: cash on delivery, and the cash to collect (COD amounts, not order totals). */
  codCount: z.number().int(),
  prepaidCount: z.number().int(),
  totalCodPaise: z.number().int(),
  weightFallbacks: z.array(
    z.object({ ...orderRef, weightGrams: z.number().int(), unparsedItems: z.array(z.string()) }),
  ),
  /** Shippable orders whose address check found something (errors first); they are not skipped. */
  addressProblemCount: z.number().int(),
  addressErrorCount: z.number().int(),
  addressProblems: z.array(
    z.object({
      ...orderRef,
      state: z.enum(['warning', 'error']),
      problems: z.array(z.object({ code: z.string(), message: z.string() })),
    }),
  ),
  /** Of willFail: no courier offered to the pincode (the reason says whether COD is the cause). */
  unserviceable: z.array(z.object({ ...orderRef, pincode: z.string(), reason: z.string() })),
  /** iCarry could not be asked for these (the reason says why); they may still ship. */
  unquoted: z.array(z.object({ ...orderRef, reason: z.string() })),
  /** With a preferred courier: orders it is not offered for (they get the cheapest). */
  preferredUnavailable: z.array(z.object(orderRef)),
  /** Each quoted order's courier under the policy, its estimated cost and why it was chosen. */
  courierChoices: z.array(
    z.object({ ...orderRef, courierName: z.string(), totalPaise: z.number().int(), reason: z.string() }),
  ),
  /** Ready COD orders to a place whose COD parcels come back more often than the store's limit (not skipped). */
  riskyCod: z.array(z.object({ ...orderRef, rtoRate: z.number(), reason: z.string() })),
  /** Perishable parcels that the slow tenth of this courier's deliveries there would spoil (not skipped). */
  spoilage: z.array(z.object({ ...orderRef, courierName: z.string(), reason: z.string() })),
  /** The mode reviewed: with surface, spoiling parcels can be reviewed again as express. */
  mode: z.enum(SHIPMENT_MODES),
  couriers: z.array(
    z.object({
      courierId: z.string(),
      courierName: z.string(),
      /** Shippable orders this courier is offered for. */
      orders: z.number().int(),
      /** ...and for how many of them it is the cheapest. */
      cheapestFor: z.number().int(),
    }),
  ),
  /** What the policy is expected to cost in all (an estimate: one quote per pincode, weight and payment). */
  estimatedCostPaise: z.number().int(),
  maxOrders: z.number().int(),
});

export const batchIdInput = z.object({ batchId: z.string().regex(/^\d{1,18}$/, 'batchId is the numeric batch id') });

const itemState = z.enum(['queued', 'booking', 'booked', 'failed', 'unknown', 'skipped']);

export const batchOutput = z.object({
  batchId: z.string(),
  state: z.enum(['running', 'done']),
  total: z.number().int(),
  /** Items that will not change any more: booked + failed + unknown + skipped. */
  done: z.number().int(),
  booked: z.number().int(),
  failed: z.number().int(),
  /** iCarry may have booked these: flagged on the order for an admin, never retried. */
  unknown: z.number().int(),
  /** Not in Processing, or already booked, when their turn came. */
  skipped: z.number().int(),
  queued: z.number().int(),
  booking: z.number().int(),
  courierPolicy,
  mode: z.enum(SHIPMENT_MODES),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
  printableOrderIds: z.array(z.string()),
  items: z.array(
    z.object({
      orderId: z.string(),
      orderNumber: z.string(),
      state: itemState,
      awb: z.string().optional(),
      courierName: z.string().optional(),
      error: z.string().optional(),
      errorCode: z.string().optional(),
      note: z.string().optional(),
      canPrintLabel: z.boolean(),
    }),
  ),
});

export const batchesInput = z.object({ limit: z.number().int().min(1).max(50).default(10) }).optional();

export const batchesOutput = z.object({
  items: z.array(
    z.object({
      batchId: z.string(),
      state: z.enum(['running', 'done']),
      total: z.number().int(),
      done: z.number().int(),
      booked: z.number().int(),
      failed: z.number().int(),
      unknown: z.number().int(),
      skipped: z.number().int(),
      createdAt: z.date(),
      finishedAt: z.date().nullable(),
    }),
  ),
});
