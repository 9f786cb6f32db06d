import { isIndianMobile, NDR_BUYER_ACTIONS, normalizeIndianMobile, safeText } from '@app/shipping';
import { z } from 'zod';
import { trackingOrderNumber } from '../access/access.schema';

/** The customer's words under the text rule (a form's textarea: line breaks become spaces). */
const optionalText = (max: number) =>
  safeText('multiline')
    .trim()
    .max(max, `At most ${max} characters`)
    .transform((v) => (v === '' ? undefined : v.replace(/\s+/g, ' ')))
    .optional();

/** `orderId` is the order NUMBER, as in `tracking.get`; the token or the phone digits prove it. */
export const respondToNdrInput = z
  .object({
    orderId: trackingOrderNumber,
    token: z.string().trim().min(8).max(64).optional(),
    phoneLast4: z
      .string()
      .trim()
      .regex(/^\d{4}$/, 'Enter the last four digits of your phone number')
      .optional(),
    action: z.enum(NDR_BUYER_ACTIONS),
    preferredDate: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Choose a date')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    landmark: optionalText(200),
    /** A corrected address line (house, street); the contract's fields plus this one. */
    addressLine: optionalText(200),
    alternatePhone: z
      .string()
      .trim()
      .max(20)
      .transform((v) => (v === '' ? undefined : v))
      .optional()
      .refine((v) => v === undefined || isIndianMobile(v), 'Enter a 10-digit Indian mobile number')
      .transform((v) => (v === undefined ? undefined : normalizeIndianMobile(v))),
    message: optionalText(500),
  })
  .strict();

export const respondToNdrOutput = z
  .object({
    state: z.literal('answered'),
    /** What we understood, in the customer's words (phone masked). */
    summary: z.string(),
    message: z.string(),
  })
  .strict();
