import {
  findICarryStateCode,
  ICARRY_STATE_CODES,
  normalizeIndianMobile,
  ORDER_LIMITS,
  parseAmountPaise,
  parseQuantity,
  parseWeightText,
  textProblem,
  textRule,
} from '@app/shipping';
import { z } from 'zod';
import { CUSTOMER_LANGUAGES, type CustomerLanguage } from '@app/db';

/**
 * Field rules for orders from any source, each turning what storefronts really send into ours
 * and saying exactly what is wrong when it cannot. Shared by the REST Orders API, the CSV
 * import and (later) the channel webhooks, so an order means the same whichever way it came.
 */

/** "is required" for a missing field, else the rule's own message. */
const required =
  (otherwise: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined || issue.input === null ? 'is required' : otherwise;

/** A line break inside a one-line field (an address typed on two lines) becomes ", "; tabs become spaces. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ', ').replace(/\t/g, ' ');
}

/** Non-empty text, trimmed, on one line, at most `max` characters, keeping the text rule. */
export function requiredText(max: number) {
  return z
    .string({ error: required('must be text') })
    .trim()
    .transform(oneLine)
    .pipe(z.string().min(1, 'is required').max(max, `must be at most ${max} characters`).superRefine(textRule('line')))
    .meta({ maxLength: max });
}

/** Optional text: absent, null or blank all mean "not given" (null). */
export function optionalText(max: number) {
  return z
    .string({ error: 'must be text' })
    .trim()
    .transform(oneLine)
    .pipe(z.string().max(max, `must be at most ${max} characters`).superRefine(textRule('line')))
    .nullish()
    .transform((v) => (v ? v : null));
}

/** Free text that may span lines (a note), keeping the text rule. */
export function optionalNote(max: number) {
  return z
    .string({ error: 'must be text' })
    .superRefine(textRule('multiline'))
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));
}

/** Rupees as a decimal string ("349.00", "1,299.5") or a number, to integer paise, within ORDER_LIMITS. */
export const moneySchema = z
  .union([z.string(), z.number()], { error: required('must be an amount in rupees, e.g. "349.00"') })
  .transform((raw, ctx) => {
    const amount = parseAmountPaise(raw);
    if (!amount.ok) {
      ctx.addIssue({ code: 'custom', message: amount.message });
      return z.NEVER;
    }
    return amount.paise;
  })
  .meta({ description: 'Rupees as a decimal string (stored as integer paise).', example: '349.00' });

/** +91, 0, spaces and dashes are dropped: the 10-digit mobile iCarry needs. Errors show the last 4 digits only. */
export const mobileSchema = z
  .union([z.string(), z.number()], { error: required('must be a phone number') })
  .transform((raw, ctx) => {
    try {
      return normalizeIndianMobile(raw, 'phone');
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        message: err instanceof Error ? err.message.replace(/^phone: /, '') : 'is not an Indian mobile number',
      });
      return z.NEVER;
    }
  })
  .meta({
    description: 'Indian mobile; +91, a leading 0, spaces and dashes are accepted.',
    example: '+91 98765 43210',
  });

/** "560 038" and 560038 -> "560038". */
export const pincodeSchema = z
  .union([z.string(), z.number()], { error: required('must be a 6-digit pincode') })
  .transform((raw, ctx) => {
    const digits = String(raw).replace(/[\s-]/g, '');
    if (!/^[1-9]\d{5}$/.test(digits)) {
      ctx.addIssue({ code: 'custom', message: 'must be a 6-digit Indian pincode' });
      return z.NEVER;
    }
    return digits;
  })
  .meta({ description: '6-digit Indian pincode; spaces are accepted.', example: '560038' });

/** A state as a name, an old name or a code ("MH", "Orissa", "TG"), stored by its canonical name. */
export const stateSchema = z
  .string({ error: required('must be an Indian state name or code') })
  .trim()
  .min(1, 'is required')
  .max(80, 'must be at most 80 characters')
  .transform((raw, ctx) => {
    const code = findICarryStateCode(raw);
    if (code === null) {
      ctx.addIssue({ code: 'custom', message: `"${raw.slice(0, 40)}" is not an Indian state or union territory` });
      return z.NEVER;
    }
    return { code, name: ICARRY_STATE_CODES[code] };
  })
  .meta({ description: 'Indian state or UT: a name ("Maharashtra", "Orissa") or a code ("MH", "TG").', example: 'MH' });

/**
 * An item's weight: "500g", "1.5 kg", "2 x 500g", or a number (or digits alone) meaning grams.
 * Anything the one weight parser cannot read is refused, so a parcel is never planned from a guess
 * the store could have avoided.
 */
export const itemWeightSchema = z
  .union([z.string(), z.number()], { error: 'must be a weight such as "500g" or a number of grams' })
  .nullish()
  .transform((raw, ctx) => {
    if (raw === null || raw === undefined) return null;
    const text = String(raw).trim();
    if (text === '') return null;
    if (/^\d+(\.\d+)?$/.test(text)) {
      const grams = Number(text);
      if (!(grams > 0 && grams <= ORDER_LIMITS.maxWeightGrams)) {
        ctx.addIssue({ code: 'custom', message: 'must be more than 0 and at most 1,000,000 grams' });
        return z.NEVER;
      }
      return `${Math.round(grams)} g`;
    }
    if (text.length > 60) {
      ctx.addIssue({ code: 'custom', message: 'must be at most 60 characters' });
      return z.NEVER;
    }
    const parse = parseWeightText(text);
    if (parse.kind !== 'ok') {
      ctx.addIssue({
        code: 'custom',
        message: `cannot be read as a weight (${parse.reason}); write it like "500g" or "1.5 kg", or send grams as a number`,
      });
      return z.NEVER;
    }
    return text;
  })
  .meta({ description: 'Weight of one unit: "500g", "1kg", "2 x 500g", or grams as a number.', example: '500g' });

/** Whole units, 1 to 10,000 (ORDER_LIMITS); "2" is accepted as 2. */
export const quantitySchema = z
  .union([z.number(), z.string()], { error: required('must be a whole number') })
  .transform((raw, ctx) => {
    const quantity = parseQuantity(raw);
    if (!quantity.ok) {
      ctx.addIssue({ code: 'custom', message: quantity.message });
      return z.NEVER;
    }
    return quantity.quantity;
  })
  .meta({ description: 'Units of this SKU (1 to 10,000).', example: 1 });

/** A source's order id: text or a number (Shopify's ids are numbers), kept as text. */
export const externalIdSchema = z
  .union([z.string(), z.number()], { error: required('must be text or a number') })
  .transform((raw, ctx) => {
    const text = String(raw).trim();
    if (text === '' || text.length > 255) {
      ctx.addIssue({ code: 'custom', message: 'must be 1 to 255 characters' });
      return z.NEVER;
    }
    const problem = textProblem(text);
    if (problem !== null) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return text;
  })
  .meta({ description: "Your system's id for the order; one order per externalId.", example: 'WEB-5001' });

export const emailSchema = z
  .string({ error: 'must be an email address' })
  .trim()
  .max(254, 'must be at most 254 characters')
  .nullish()
  .transform((v, ctx) => {
    if (!v) return null;
    if (!z.email().safeParse(v).success) {
      ctx.addIssue({ code: 'custom', message: 'must be an email address' });
      return z.NEVER;
    }
    return v.toLowerCase();
  });

/** ISO 8601 with a zone ("2026-11-30T10:15:00+05:30"). */
export const placedAtSchema = z
  .string({ error: 'must be an ISO 8601 date-time with a zone, e.g. "2026-11-30T10:15:00+05:30"' })
  .nullish()
  .transform((raw, ctx) => {
    if (raw === null || raw === undefined || raw.trim() === '') return null;
    const ok = z.iso.datetime({ offset: true }).safeParse(raw.trim()).success;
    const date = new Date(raw.trim());
    if (!ok || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 2000 || date.getUTCFullYear() > 2100) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an ISO 8601 date-time with a zone, e.g. "2026-11-30T10:15:00+05:30"',
      });
      return z.NEVER;
    }
    return date;
  });

/**
 * The language a locale names, when it is one customers are written to: "hi", "hi-IN", "hi_IN" -> hi;
 * "en", "en-IN", "en_US" -> en; the names "Hindi"/"हिंदी", "English" too; anything else -> null (the
 * order is taken, the language is not).
 */
/** A language's name as a person writes it in a spreadsheet's Language column ("Hindi", "हिंदी"). */
const LANGUAGE_NAMES: Record<string, CustomerLanguage> = {
  hindi: 'hi',
  हिन्दी: 'hi',
  हिंदी: 'hi',
  english: 'en',
  अंग्रेज़ी: 'en',
  अंग्रेजी: 'en',
};

export function languageFromLocale(locale: unknown): CustomerLanguage | null {
  if (typeof locale !== 'string') return null;
  const named = LANGUAGE_NAMES[locale.trim().toLowerCase()];
  if (named) return named;
  const primary = /^\s*([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*\s*$/i.exec(locale)?.[1]?.toLowerCase();
  return primary !== undefined && (CUSTOMER_LANGUAGES as readonly string[]).includes(primary)
    ? (primary as CustomerLanguage)
    : null;
}

/** The customer's language (contract: DESIGN "Language"): "en" or "hi", or a locale of either ("hi-IN"). */
export const customerLanguageSchema = z
  .string({ error: 'must be "en" or "hi"' })
  .max(35, 'must be "en" or "hi"')
  .transform((raw, ctx) => {
    const language = languageFromLocale(raw);
    if (language === null) {
      ctx.addIssue({ code: 'custom', message: 'must be "en" or "hi" (a locale such as "hi-IN" is accepted)' });
      return z.NEVER;
    }
    return language;
  })
  .meta({
    description:
      'The language the customer is written to (tracking page, messages): "en" or "hi"; "hi-IN" is read as "hi". Absent leaves a known customer as they are; a new one gets "en".',
    example: 'hi',
  });
