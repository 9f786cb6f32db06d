import { ORDER_LIMITS } from '@app/shipping';
import { z } from 'zod';

/**
 * What a label and a pickup manifest are made of: the renderers' input contract. Money is integer
 * paise and weight integer grams, as everywhere in the product; the renderers format them.
 * Limits are generous on purpose (layout shrinks or wraps long text); they only stop input that no
 * label could carry and keep one request from building an unbounded PDF.
 */

/** A PDF of labels holds at most this many; a bigger selection is split by the caller. */
export const MAX_LABELS_PER_PDF = 1000;
/** A manifest lists at most this many shipments. */
export const MAX_MANIFEST_SHIPMENTS = 5000;

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value === '' ? undefined : value));

/** India Post pincodes: six digits, the first not zero. */
const pincode = z
  .string()
  .trim()
  .regex(/^[1-9]\d{5}$/, 'must be a 6-digit Indian pincode');

const addressLines = z
  .array(z.string().trim().max(300))
  .max(6)
  .transform((lines) => lines.filter((line) => line !== ''))
  .refine((lines) => lines.length > 0, 'needs at least one address line');

const paiseAmount = z.int().min(0).max(1_000_000_000);

export const addressSchema = z.object({
  name: text(200),
  addressLines,
  city: text(100),
  state: text(100),
  pincode,
  phone: optionalText(32),
});

export const paymentSchema = z.discriminatedUnion('kind', [
  /** The courier collects `amountPaise` in cash from the consignee. */
  z.object({ kind: z.literal('cod'), amountPaise: paiseAmount.min(1) }),
  z.object({ kind: z.literal('prepaid') }),
]);

export const boxSchema = z.object({
  lengthCm: z.number().positive().max(500),
  breadthCm: z.number().positive().max(500),
  heightCm: z.number().positive().max(500),
});

export const labelDataSchema = z.object({
  /** The courier's tracking number; printed as a Code 128 barcode (printable ASCII, no spaces). */
  awb: text(64),
  courierName: text(100),
  /** The courier needs the full phone on the label to call the consignee. */
  consignee: addressSchema.extend({ phone: text(32) }),
  payment: paymentSchema,
  /** Declared weight, integer grams. */
  weightGrams: z.int().min(1).max(1_000_000),
  box: boxSchema.optional(),
  orderNumber: text(ORDER_LIMITS.maxOrderNumberChars),
  itemCount: z.int().min(1).max(100_000),
  /** A short contents line ("2 x Mango pickle 500g, 1 x Chai masala"); clipped to fit. */
  contents: optionalText(2000),
  /** Where the courier brings the parcel back (RTO): the store's warehouse. */
  returnAddress: addressSchema,
  storeName: text(120),
  /** The courier's routing or sort code, when iCarry gives one. */
  routingCode: optionalText(40),
  bookedAt: z.date().optional(),
});

/** One parcel's label. camelCase, integer paise and grams. */
export type LabelData = z.input<typeof labelDataSchema>;
/** A label after validation (trimmed, empty optional text removed). */
export type ValidLabelData = z.output<typeof labelDataSchema>;

export const paperSchema = z.enum(['4x6', 'a4']);
/** `4x6`: one 4x6 inch (288x432 pt) label per page. `a4`: four labels to an A4 sheet, 2x2 with cut lines. */
export type LabelPaper = z.infer<typeof paperSchema>;

export interface LabelOptions {
  paper: LabelPaper;
}

export const manifestShipmentSchema = z.object({
  awb: text(64),
  courierName: text(100),
  orderNumber: text(ORDER_LIMITS.maxOrderNumberChars),
  consigneeCity: text(100),
  consigneePincode: pincode,
  weightGrams: z.int().min(1).max(1_000_000),
  payment: paymentSchema,
});

export const manifestDataSchema = z.object({
  storeName: text(120),
  pickupAddress: addressSchema,
  /** The pickup day, YYYY-MM-DD (India's calendar day). */
  date: z.iso.date(),
  /** When the sheet was printed; shown in the footer. */
  generatedAt: z.date().optional(),
  shipments: z.array(manifestShipmentSchema).max(MAX_MANIFEST_SHIPMENTS),
});

export type ManifestShipment = z.input<typeof manifestShipmentSchema>;
export type ManifestData = z.input<typeof manifestDataSchema>;
export type ValidManifestData = z.output<typeof manifestDataSchema>;
