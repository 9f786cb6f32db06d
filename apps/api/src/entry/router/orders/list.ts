import { CLOSED_OUTCOMES, ORDER_ADDRESS_FILTERS, ORDER_COD_FILTERS, ORDER_LIST_FILTERS, ORDER_SOURCES } from '@app/db';
import { ORDER_STATUSES, SHIPMENT_DIRECTIONS, SHIPMENT_STATUSES } from '@app/shipping';
import { z } from 'zod';
import { listOrdersView } from '../../../shipping/orders/order-detail.view';
import { adminProcedure } from '../../trpc/init';

const listRow = z.object({
  id: z.string(),
  orderNumber: z.string(),
  placedAt: z.date(),
  customerName: z.string(),
  city: z.string(),
  state: z.string(),
  pincode: z.string(),
  paymentMethod: z.enum(['prepaid', 'cod']),
  totalPaise: z.number().int(),
  status: z.enum(ORDER_STATUSES),
  needsAttention: z.boolean(),
  source: z.enum(ORDER_SOURCES),
  externalId: z.string().nullable(),
  /** The parcel's, or under the Returns tab the return pickup's (see shipmentDirection). */
  awb: z.string().nullable(),
  courierName: z.string().nullable(),
  shipmentDirection: z.enum(SHIPMENT_DIRECTIONS).nullable(),
  shipmentStatus: z.enum(SHIPMENT_STATUSES).nullable(),
  /** The address check's verdict, for the list's flag; null = not checked yet. */
  addressCheck: z.enum(['ok', 'warning', 'error']).nullable(),
  /** An open COD order to a place whose COD parcels come back above the store's limit; null = not risky. */
  codRisk: z.object({ rtoRate: z.number(), reason: z.string() }).nullable(),
  /** The customer's COD confirmation, for the list's badge: blocksShipping = booking needs an override. */
  codConfirmation: z.object({
    state: z.enum(['not_needed', 'pending', 'confirmed', 'declined', 'expired']),
    label: z.string(),
    /** The badge's text; null = no badge (the customer was never asked). */
    short: z.string().nullable(),
    blocksShipping: z.boolean(),
  }),
});

export const listProcedure = adminProcedure
  .input(
    z.object({
      status: z.enum(ORDER_STATUSES).optional(),
      /** The packing table's tabs: stuck (watchdog), billing (bill differs from quote), returns, rto. */
      filter: z.enum(ORDER_LIST_FILTERS).optional(),
      search: z.string().trim().max(80).optional(),
      /** The orders behind an Insights figure: a closed parcel's outcome, and its pincode, state, payment, courier, IST week. */
      closed: z
        .object({
          outcome: z.enum(CLOSED_OUTCOMES),
          pincode: z
            .string()
            .regex(/^[1-9][0-9]{5}$/)
            .optional(),
          state: z.string().trim().min(1).max(60).optional(),
          payment: z.enum(['cod', 'prepaid']).optional(),
          courier: z.string().trim().min(1).max(60).optional(),
          week: z.iso.date().optional(),
        })
        .optional(),
      /** Orders whose address check found something: 'problems' (warning or error), 'error', 'warning'. */
      addressCheck: z.enum(ORDER_ADDRESS_FILTERS).optional(),
      /** The customer's COD confirmation: one state, or 'unconfirmed' (pending, declined, expired). */
      codConfirmation: z.enum(ORDER_COD_FILTERS).optional(),
      limit: z.number().int().min(1).max(100).default(25),
      cursor: z.string().max(200).nullish(),
    }),
  )
  .output(
    z.object({
      items: z.array(listRow),
      nextCursor: z.string().nullable(),
      counts: z.record(z.enum(ORDER_STATUSES), z.number().int()),
    }),
  )
  .query(({ ctx, input }) => listOrdersView(ctx.deps, input));
