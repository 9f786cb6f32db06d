import { normalizeIndianMobile, ORDER_LIMITS, parseBoxSideCm } from '@app/shipping';
import { z } from 'zod';

/**
 * The optional order fields about reaching the customer and the parcel (issue 22): a second
 * mobile and the box the source declares. Kept apart from order-fields.schema.ts so the one
 * order-input schema gains them as two optional fields; every intake shares their rules.
 */

/** A second Indian mobile; absent, null or blank = none. Errors show no digits. */
export const alternatePhoneSchema = z
  .union([z.string(), z.number()], { error: 'must be a phone number' })
  .nullish()
  .transform((raw, ctx) => {
    if (raw === null || raw === undefined || String(raw).trim() === '') return null;
    try {
      return normalizeIndianMobile(raw, 'alternatePhone');
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        message: err instanceof Error ? err.message.replace(/^alternatePhone: /, '') : 'is not an Indian mobile number',
      });
      return z.NEVER;
    }
  })
  .meta({
    description: "The customer's second mobile, which the courier calls when the first does not answer.",
    example: '+91 98123 45671',
  });

const sideSchema = z
  .union([z.number(), z.string()], {
    error: `must be a length in cm from ${ORDER_LIMITS.minSideCm} to ${ORDER_LIMITS.maxSideCm}`,
  })
  .transform((raw, ctx) => {
    const side = parseBoxSideCm(raw);
    if (!side.ok) {
      ctx.addIssue({ code: 'custom', message: side.message });
      return z.NEVER;
    }
    return side.cm;
  });

/** The parcel's box in cm (rounded up to whole cm); booked instead of the store's default box. */
export const packageSchema = z
  .object(
    { lengthCm: sideSchema, breadthCm: sideSchema, heightCm: sideSchema },
    { error: 'must be { lengthCm, breadthCm, heightCm } in cm' },
  )
  .meta({
    id: 'OrderPackage',
    description: `The box the parcel ships in, each side ${ORDER_LIMITS.minSideCm} to ${ORDER_LIMITS.maxSideCm} cm (rounded up to whole cm); the store's default box when absent.`,
    example: { lengthCm: 30, breadthCm: 25, heightCm: 5 },
  });
