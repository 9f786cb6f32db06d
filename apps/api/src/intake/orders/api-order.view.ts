import type { OrderItemRecord, OrderRecord, ShipmentRecord } from '@app/db';
import { formatPaiseAsRupees, ORDER_STATUSES, SHIPMENT_STATUSES } from '@app/shipping';
import { z } from 'zod';

/** What the REST Orders API answers for an order (contract: DESIGN "Orders in"). Money as rupee strings. */
export const apiShipmentSchema = z
  .object({
    status: z.enum(SHIPMENT_STATUSES).nullable(),
    awb: z.string().nullable(),
    courier: z.string().nullable(),
    /** The courier's own tracking page, when iCarry gave one. */
    courierTrackingUrl: z.string().nullable(),
    bookedAt: z.string().nullable(),
  })
  .meta({ id: 'Shipment' });

export const apiOrderSchema = z
  .object({
    id: z.string().meta({ description: 'Our id for the order.' }),
    orderNumber: z.string(),
    externalId: z.string().nullable(),
    source: z.enum(['manual', 'api', 'csv', 'shopify', 'woocommerce']),
    status: z.enum(ORDER_STATUSES),
    paymentMethod: z.enum(['cod', 'prepaid']),
    placedAt: z.string(),
    subtotal: z.string().meta({ example: '698.00' }),
    shippingCharge: z.string(),
    discount: z.string(),
    /** Other charges the customer pays (a COD fee, gift wrap); in the total. */
    fees: z.string(),
    total: z.string(),
    /** "0.00" for prepaid orders. */
    codAmount: z.string(),
    shipTo: z.object({ city: z.string(), state: z.string(), pincode: z.string() }),
    /** The box the order declared (cm); null = the store's default box is booked. */
    package: z
      .object({ lengthCm: z.number().int(), breadthCm: z.number().int(), heightCm: z.number().int() })
      .nullable(),
    items: z.array(
      z.object({
        sku: z.string(),
        name: z.string(),
        quantity: z.number().int(),
        unitPrice: z.string(),
        weight: z.string().nullable(),
      }),
    ),
    /** The customer's signed tracking link (safe to send to the customer). */
    trackingUrl: z.string(),
    shipment: apiShipmentSchema.nullable(),
  })
  .meta({ id: 'Order' });

export type ApiOrder = z.infer<typeof apiOrderSchema>;

export function toApiOrder(
  order: Omit<OrderRecord, 'customerId'>,
  items: readonly Omit<OrderItemRecord, 'productId'>[],
  shipment: ShipmentRecord | null | undefined,
  trackingUrl: string,
): ApiOrder {
  return {
    id: order.id,
    orderNumber: order.orderNumber,
    externalId: order.externalId,
    source: order.source,
    status: order.status,
    paymentMethod: order.paymentMethod,
    placedAt: order.placedAt.toISOString(),
    subtotal: formatPaiseAsRupees(order.subtotalPaise),
    shippingCharge: formatPaiseAsRupees(order.shippingPaise),
    discount: formatPaiseAsRupees(order.discountPaise),
    fees: formatPaiseAsRupees(order.feesPaise),
    total: formatPaiseAsRupees(order.totalPaise),
    codAmount: formatPaiseAsRupees(order.codAmountPaise),
    shipTo: {
      city: order.shippingAddress.city,
      state: order.shippingAddress.state,
      pincode: order.shippingAddress.pincode,
    },
    package: order.package,
    items: items.map((i) => ({
      sku: i.sku,
      name: i.name,
      quantity: i.quantity,
      unitPrice: formatPaiseAsRupees(i.unitPricePaise),
      // The item's own weight only: a product's weight can change until the parcel is booked.
      weight: i.weightSource === 'item' ? i.weightText : null,
    })),
    trackingUrl,
    shipment:
      shipment && shipment.bookingState !== 'void' && shipment.bookingState !== 'failed'
        ? {
            status: shipment.status,
            awb: shipment.awb,
            courier: shipment.courierName,
            courierTrackingUrl: shipment.trackingUrl,
            bookedAt: shipment.bookedAt?.toISOString() ?? null,
          }
        : null,
  };
}
