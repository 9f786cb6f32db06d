import { ATTENTION_KINDS, COD_CONFIRMATION_STATES, ORDER_SOURCES } from '@app/db';
import { ORDER_STATUSES, SHIPMENT_STATUSES } from '@app/shipping';
import { z } from 'zod';
import { getOrderDetailView } from '../../../shipping/orders/order-detail.view';
import { adminProcedure } from '../../trpc/init';
import { addressCheckView, orderIdInput, parcelPlan } from './orders.schema';
import { shipmentView } from '../../../shipping/shipments/shipment-view.schema';

const historySource = z.enum(['admin', 'booking', 'webhook', 'sync', 'track', 'system', 'customer']);

/** The customer's confirmation of a COD order (contract), with what the web renders from it. */
export const codConfirmationOutput = z.object({
  state: z.enum(COD_CONFIRMATION_STATES),
  label: z.string(),
  requestedAt: z.date().nullable(),
  /** When a pending request counts as expired. */
  expiresAt: z.date().nullable(),
  answeredAt: z.date().nullable(),
  via: z.enum(['page', 'whatsapp']).nullable(),
  /** Booking needs `confirmOverride: true`. */
  needsOverride: z.boolean(),
  blockedReason: z.string().nullable(),
  /** When an admin shipped it without the confirmation (who: the order's notes). */
  overriddenAt: z.date().nullable(),
});

const orderDetailOutput = z.object({
  order: z.object({
    id: z.string(),
    orderNumber: z.string(),
    status: z.enum(ORDER_STATUSES),
    paymentMethod: z.enum(['prepaid', 'cod']),
    subtotalPaise: z.number().int(),
    shippingPaise: z.number().int(),
    discountPaise: z.number().int(),
    /** Order-level charges beyond items and shipping (a COD fee, a line that does not ship); in the total. */
    feesPaise: z.number().int(),
    /** Tax included in the amounts, for the record (never added again). */
    taxPaise: z.number().int(),
    totalPaise: z.number().int(),
    shippingAddress: z.object({
      name: z.string(),
      line1: z.string(),
      line2: z.string().nullable(),
      city: z.string(),
      state: z.string(),
      pincode: z.string(),
    }),
    contactPhone: z.string(),
    contactEmail: z.string().nullable(),
    source: z.enum(ORDER_SOURCES),
    externalId: z.string().nullable(),
    /** The number the store and its customer know the order by, when it differs from orderNumber. */
    storeOrderNumber: z.string().nullable(),
    codAmountPaise: z.number().int(),
    /** The customer's second mobile, which the courier is given for a failed delivery. */
    alternatePhone: z.string().nullable(),
    /** The box the order's source declared (cm); null = the store's default box. */
    package: z
      .object({ lengthCm: z.number().int(), breadthCm: z.number().int(), heightCm: z.number().int() })
      .nullable(),
    needsAttention: z.boolean(),
    attentionKind: z.enum(ATTENTION_KINDS).nullable(),
    attentionReason: z.string().nullable(),
    placedAt: z.date(),
    updatedAt: z.date(),
  }),
  addressCheck: addressCheckView,
  customer: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string(),
    whatsappOptIn: z.boolean(),
    /** The language pages and messages speak to this customer. */
    language: z.enum(['en', 'hi']),
  }),
  items: z.array(
    z.object({
      id: z.string(),
      sku: z.string(),
      name: z.string(),
      quantity: z.number().int(),
      unitPricePaise: z.number().int(),
      lineTotalPaise: z.number().int(),
      weightText: z.string().nullable(),
    }),
  ),
  parcel: parcelPlan,
  codConfirmation: codConfirmationOutput,
  /** An open COD order to a place whose COD parcels come back above the store's limit; null = not risky. */
  codRisk: z.object({ rtoRate: z.number(), reason: z.string() }).nullable(),
  shipment: shipmentView.nullable(),
  shipments: z.array(shipmentView),
  shipping: z.object({
    panel: z.enum(['booked', 'resolve', 'booking', 'blocked', 'ship']),
    blockedReason: z.string().nullable(),
    canShip: z.boolean(),
    lastAttempt: shipmentView.nullable(),
  }),
  /** The return pickup (direction 'return'), if one was ever booked; it has its own AWB and history. */
  returnShipment: shipmentView.nullable(),
  returns: z.object({ canCreate: z.boolean(), blockedReason: z.string().nullable() }),
  history: z.array(
    z.object({
      id: z.string(),
      /** Which shipment the entry is about (match with shipments[].id: the parcel or its return pickup). */
      shipmentId: z.string().nullable(),
      orderStatus: z.enum(ORDER_STATUSES).nullable(),
      shipmentStatus: z.enum(SHIPMENT_STATUSES).nullable(),
      carrierStatus: z.string().nullable(),
      location: z.string().nullable(),
      description: z.string().nullable(),
      occurredAt: z.date().nullable(),
      recordedAt: z.date(),
      source: historySource,
      applied: z.boolean(),
    }),
  ),
  trackingLink: z.string(),
  notes: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['note', 'ndr', 'system', 'weight', 'ndr_response']),
      body: z.string(),
      ndrCode: z.string().nullable(),
      ndrDate: z.string().nullable(),
      createdAt: z.date(),
    }),
  ),
});

export const getProcedure = adminProcedure
  .input(orderIdInput)
  .output(orderDetailOutput)
  .query(({ ctx, input }) => getOrderDetailView(ctx.deps, input.orderId));
