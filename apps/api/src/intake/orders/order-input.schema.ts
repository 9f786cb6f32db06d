import type { IntakeOrder, IntakeSource } from '@app/db';
import { ORDER_LIMITS } from '@app/shipping';
import { z } from 'zod';
import {
  emailSchema,
  externalIdSchema,
  itemWeightSchema,
  mobileSchema,
  moneySchema,
  optionalNote,
  optionalText,
  pincodeSchema,
  placedAtSchema,
  quantitySchema,
  requiredText,
  stateSchema,
} from './order-fields.schema';
import { alternatePhoneSchema, packageSchema } from './parcel-fields.schema';

/**
 * The one order-input schema (contract: DESIGN "Orders in"). The REST Orders API parses its body
 * with it, the CSV import builds the same shape from each file's rows, and the OpenAPI document
 * is generated from it. Every field reports its own problem, so one answer lists every bad field.
 */
export const orderItemInputSchema = z
  .object({
    sku: requiredText(100),
    name: requiredText(255),
    quantity: quantitySchema,
    unitPrice: moneySchema,
    weight: itemWeightSchema.optional(),
  })
  .meta({ id: 'OrderItemInput' });

export const orderInputSchema = z
  .object({
    externalId: externalIdSchema,
    orderNumber: optionalText(ORDER_LIMITS.maxOrderNumberChars)
      .optional()
      .meta({ description: 'Your order number in any format ("#1001", "SR/88421-A"); generated when absent.' }),
    placedAt: placedAtSchema.optional(),
    status: z
      .enum(['processing', 'pending'], { error: 'must be "processing" or "pending" (unpaid, not shippable yet)' })
      .optional()
      .meta({ description: '"pending" (e.g. an unpaid prepaid order) is visible but not shippable until Processing.' }),
    paymentMethod: z.enum(['cod', 'prepaid'], { error: 'must be "cod" or "prepaid"' }),
    codAmount: moneySchema
      .optional()
      .meta({ description: 'Cash to collect on delivery; defaults to the order total. COD only.' }),
    customer: z.object(
      {
        name: requiredText(200),
        phone: mobileSchema,
        email: emailSchema.optional(),
        whatsappOptIn: z.boolean({ error: 'must be true or false' }).optional().meta({
          description:
            "The customer's WhatsApp consent: true grants, false withdraws, absent leaves a known customer as they are.",
        }),
      },
      { error: 'is required' },
    ),
    shippingAddress: z.object(
      {
        line1: requiredText(255),
        line2: optionalText(255).optional(),
        landmark: optionalText(120).optional(),
        city: requiredText(100),
        state: stateSchema,
        pincode: pincodeSchema,
      },
      { error: 'is required' },
    ),
    items: z
      .array(orderItemInputSchema, { error: 'must be a list of items' })
      .min(1, 'must have at least one item')
      .max(200, 'must have at most 200 items'),
    shippingCharge: moneySchema.optional().meta({ description: 'Shipping charged to the customer; default "0".' }),
    discount: moneySchema
      .optional()
      .meta({ description: 'Order-level discount taken off the total; default "0".', example: '50.00' }),
    fees: moneySchema.optional().meta({
      description: 'Other charges the customer pays (a COD fee, gift wrap); added to the total; default "0".',
      example: '30.00',
    }),
    note: optionalNote(2000).optional(),
    alternatePhone: alternatePhoneSchema.optional(),
    package: packageSchema.nullish(),
  })
  .superRefine((order, ctx) => {
    const subtotal = order.items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0);
    const gross = subtotal + (order.shippingCharge ?? 0) + (order.fees ?? 0);
    const total = gross - (order.discount ?? 0);
    if (gross > 2_000_000_000)
      ctx.addIssue({ code: 'custom', path: ['items'], message: 'the order total is too large' });
    if (total < 0) {
      ctx.addIssue({ code: 'custom', path: ['discount'], message: 'must not be more than items, shipping and fees' });
      return;
    }
    if (order.codAmount !== undefined && order.paymentMethod !== 'cod' && order.codAmount > 0) {
      ctx.addIssue({ code: 'custom', path: ['codAmount'], message: 'is only for paymentMethod "cod"' });
    }
    if (order.codAmount !== undefined && order.codAmount > total) {
      ctx.addIssue({ code: 'custom', path: ['codAmount'], message: 'must not be more than the order total' });
    }
    // DESIGN "Money and the record": a COD order with nothing to collect is refused at intake,
    // not at booking with a misleading reason.
    if (order.paymentMethod === 'cod' && (order.codAmount ?? total) === 0) {
      ctx.addIssue({
        code: 'custom',
        path: [order.codAmount === undefined ? 'paymentMethod' : 'codAmount'],
        message:
          order.codAmount === undefined
            ? 'is "cod" but the order total is 0.00: nothing to collect (send "prepaid" for an order paid in full)'
            : 'must be more than 0 on a COD order: nothing to collect (send "prepaid" for an order paid in full)',
      });
    }
  })
  .meta({ id: 'OrderInput' });

export type OrderInput = z.input<typeof orderInputSchema>;
export type NormalisedOrderInput = z.output<typeof orderInputSchema>;

export interface FieldIssue {
  /** Dotted path of the field, e.g. "customer.phone" or "items.1.sku"; "" for the whole body. */
  path: string;
  message: string;
}

/** Every problem zod found, one per field, in the order of the body. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (seen.has(path)) continue;
    seen.add(path);
    issues.push({ path, message: issue.message });
  }
  return issues;
}

/** The validated input as every intake hands it to the repository. */
export function toIntakeOrder(
  input: NormalisedOrderInput,
  source: IntakeSource,
  receivedVia: string,
): IntakeOrder & { stateCode: string } {
  const address = input.shippingAddress;
  const line2 = [address.line2, address.landmark ? `Landmark: ${address.landmark}` : null].filter(Boolean).join(', ');
  return {
    source,
    externalId: input.externalId,
    orderNumber: input.orderNumber ?? null,
    placedAt: input.placedAt ?? null,
    status: input.status ?? 'processing',
    paymentMethod: input.paymentMethod,
    codAmountPaise: input.paymentMethod === 'cod' ? (input.codAmount ?? null) : null,
    customer: {
      name: input.customer.name,
      phone: input.customer.phone,
      email: input.customer.email ?? null,
      // An explicit true grants, false withdraws; absent says nothing (a known customer keeps theirs).
      whatsappOptIn: input.customer.whatsappOptIn ?? null,
    },
    shippingAddress: {
      name: input.customer.name,
      line1: address.line1,
      line2: line2 === '' ? null : line2.slice(0, 400),
      city: address.city,
      state: address.state.name,
      pincode: address.pincode,
    },
    stateCode: address.state.code,
    items: input.items.map((i) => ({
      sku: i.sku,
      name: i.name,
      quantity: i.quantity,
      unitPricePaise: i.unitPrice,
      weightText: i.weight ?? null,
    })),
    shippingPaise: input.shippingCharge ?? 0,
    discountPaise: input.discount ?? 0,
    feesPaise: input.fees ?? 0,
    // Absent (undefined) says nothing: a newer version of an order keeps what it had.
    alternatePhone: input.alternatePhone,
    package: input.package,
    note: input.note ?? null,
    receivedVia,
  };
}
