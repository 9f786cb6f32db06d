import { isIndianMobile, NDR_BUYER_ACTIONS, normalizeIndianMobile, safeText } from '@app/shipping';
import { LANGUAGES, translator, type Language, type MessageKey } from '@app/shipping/i18n';
import { z, type ZodError } from 'zod';
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
    /** The language of the page answering (its switch); absent: the customer's own. */
    lang: z.enum(LANGUAGES).optional(),
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

/** The form's words for what was wrong with a field, by field (the text fields by what went wrong). */
const FIELD_MESSAGE: Record<string, MessageKey> = {
  action: 'track.ndrErrAction',
  preferredDate: 'track.ndrErrDate',
  alternatePhone: 'track.ndrErrPhone',
  landmark: 'track.ndrErrText',
  addressLine: 'track.ndrErrText',
  message: 'track.ndrErrText',
};

/**
 * The answer form's field errors in the page's language, one per field: the schema's messages are
 * English (the API's), the customer reads the page's. Fields the form does not show keep the schema's.
 */
export function ndrFieldErrors(error: ZodError, language: Language): Record<string, string> {
  const { t } = translator(language);
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (out[field] !== undefined) continue;
    const key = FIELD_MESSAGE[field];
    if (!key) out[field] = issue.message;
    else if (issue.code === 'too_big' && key === 'track.ndrErrText')
      out[field] = t('track.ndrErrTooLong', { max: String(issue.maximum) });
    else out[field] = t(key);
  }
  return out;
}
